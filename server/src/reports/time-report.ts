/**
 * Time (docs/REPORTS.md): the work logged on the project's tasks, by the day it was done, per
 * person per week and per task, with each task's estimate against all the time spent on it.
 * Worklogs are records of their own (SPEC M23): read from the server's document, not replayed.
 */
import { readPeople } from '@taskflow/model';
import type * as Y from 'yjs';
import type { ProjectHistory } from './project-history.ts';
import { DayRange, weekOf } from './report-days.ts';
import { reportReads } from './report-reads.ts';

export type TimeReport = {
  weeks: string[];
  people: { id: string; name: string; seconds: Record<string, number>; totalSeconds: number }[];
  tasks: {
    taskId: string;
    key: string;
    title: string;
    loggedSeconds: number;
    timeSpentSeconds: number;
    originalEstimateSeconds: number | null;
  }[];
};

export function timeReport(doc: Y.Doc, h: ProjectHistory, from: string, to: string): TimeReport {
  const range = new DayRange(from, to, h.timeZone);
  const names = readPeople(doc);
  const weeks = [...new Set(range.days.map(weekOf))];
  const people = new Map<string, TimeReport['people'][number]>();
  const tasks = new Map<string, TimeReport['tasks'][number]>();
  const spent = new Map<string, number>();
  const inProject = new Map<string, boolean>();
  const reads = reportReads(doc);
  for (const w of reads.worklogs()) {
    let mine = inProject.get(w.taskId);
    if (mine === undefined) {
      mine = reads.task(w.taskId)?.projectId === h.projectId;
      inProject.set(w.taskId, mine);
    }
    if (!mine) continue;
    spent.set(w.taskId, (spent.get(w.taskId) ?? 0) + w.seconds);
    const d = range.indexOf(Date.parse(w.startedAt));
    if (d < 0) continue;
    const week = weekOf(range.days[d] as string);
    let person = people.get(w.authorId);
    if (!person) {
      person = { id: w.authorId, name: names[w.authorId] ?? w.authorId, seconds: {}, totalSeconds: 0 };
      people.set(w.authorId, person);
    }
    person.seconds[week] = (person.seconds[week] ?? 0) + w.seconds;
    person.totalSeconds += w.seconds;
    let task = tasks.get(w.taskId);
    if (!task) {
      task = {
        taskId: w.taskId,
        ...h.describe(w.taskId),
        loggedSeconds: 0,
        timeSpentSeconds: 0,
        originalEstimateSeconds: reads.task(w.taskId)?.originalEstimateSeconds ?? null,
      };
      tasks.set(w.taskId, task);
    }
    task.loggedSeconds += w.seconds;
  }
  for (const t of tasks.values()) t.timeSpentSeconds = spent.get(t.taskId) ?? 0;
  return {
    weeks,
    people: [...people.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    tasks: [...tasks.values()].sort((a, b) => b.loggedSeconds - a.loggedSeconds || (a.key < b.key ? -1 : 1)),
  };
}
