/**
 * Sprint burndown (docs/REPORTS.md): the work left in a sprint at the end of each of its days,
 * against the ideal line from what it committed at its start, with the scope added or removed
 * each day. The scope is read from each task's history, so a task planned in mid-sprint, an
 * estimate raised, or a change made offline counts on the day it was made.
 */
import type { Sprint } from '@taskflow/model';
import type { ProjectHistory } from './project-history.ts';
import { addDays, DayRange, dayOf, daysBetween, MAX_RANGE_DAYS } from './report-days.ts';
import { statesBefore, type TaskState } from './timelines.ts';

export type BurndownDay = { date: string; remaining: number | null; ideal: number; scopeChange: number };
export type Burndown = {
  unit: 'points' | 'hours';
  committed: number;
  sprint: Pick<Sprint, 'id' | 'name' | 'state' | 'startDate' | 'endDate'>;
  days: BurndownDay[];
};

const round2 = (n: number) => Math.round(n * 100) / 100;

export function weightOf(state: TaskState, unit: 'points' | 'hours'): number {
  return unit === 'points' ? (state.estimate ?? 0) : (state.originalEstimateSeconds ?? 0) / 3600;
}

/**
 * Where a task with `sprintId` is at `cutoff` (SPEC M22's effective sprint): other sprints'
 * completions made before the cutoff send their open tasks on; `own`'s completion does not (its
 * open tasks are still its remaining work on its last day).
 */
function effectiveSprint(
  sprintId: string | null,
  taskId: string,
  cutoff: number,
  completions: Map<string, { at: number; openTo: string | null; done: Set<string> }>,
  own: string,
): string | null {
  let at = sprintId;
  for (let hops = 0; at !== null && at !== own && hops < 100; hops++) {
    const c = completions.get(at);
    if (!c || c.at >= cutoff || c.done.has(taskId)) break;
    at = c.openTo;
  }
  return at;
}

export function burndown(h: ProjectHistory, sprint: Sprint): Burndown | null {
  const start = sprint.start;
  if (!start) return null;
  const startAt = Date.parse(start.at);
  const completionAt = sprint.completion ? Date.parse(sprint.completion.at) : null;
  const firstDay = dayOf(startAt, h.timeZone);
  const today = dayOf(h.now, h.timeZone);
  let lastDay = sprint.endDate !== null && sprint.endDate > firstDay ? sprint.endDate : firstDay;
  const endedOn = completionAt !== null ? dayOf(completionAt, h.timeZone) : today;
  if (endedOn > lastDay) lastDay = endedOn;
  if (daysBetween(firstDay, lastDay) >= MAX_RANGE_DAYS) lastDay = addDays(firstDay, MAX_RANGE_DAYS - 1);
  const range = new DayRange(firstDay, lastDay, h.timeZone);
  // The end of each day, or the completion when it came first: a completed sprint's scope is frozen.
  const cutoffs = range.ends.map((end) => (completionAt !== null ? Math.min(end, completionAt + 1) : end));

  const completions = new Map<string, { at: number; openTo: string | null; done: Set<string> }>();
  for (const s of h.sprints) {
    if (s.completion)
      completions.set(s.id, {
        at: Date.parse(s.completion.at),
        openTo: s.completion.openTo,
        done: new Set(s.completion.doneTaskIds),
      });
  }
  // Only tasks that were ever planned into this sprint, or into one whose open tasks came to it.
  const feeders = new Set<string>([sprint.id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [id, c] of completions) {
      if (!feeders.has(id) && c.openTo !== null && feeders.has(c.openTo)) {
        feeders.add(id);
        grew = true;
      }
    }
  }
  const scope = range.days.map(() => 0);
  const remaining = range.days.map(() => 0);
  for (const line of h.lines) {
    if (!line.events.some((e) => e.field === 'sprintId' && feeders.has(e.value as string))) continue;
    const states = statesBefore(line, cutoffs);
    states.forEach((s, d) => {
      if (!s.live || s.projectId !== h.projectId) return;
      if (effectiveSprint(s.sprintId, line.id, cutoffs[d] as number, completions, sprint.id) !== sprint.id)
        return;
      const w = weightOf(s, start.unit);
      scope[d] = (scope[d] as number) + w;
      if (s.column !== h.doneColumnId) remaining[d] = (remaining[d] as number) + w;
    });
  }
  const n = range.days.length;
  // The line stops on the last day there was work to burn: the completion's day, else today.
  const known = (date: string) => date <= endedOn;
  const days = range.days.map((date, d) => ({
    date,
    remaining: known(date) ? round2(remaining[d] as number) : null,
    ideal: round2(n === 1 ? start.committed : start.committed * (1 - d / (n - 1))),
    scopeChange: known(date)
      ? round2((scope[d] as number) - (d === 0 ? start.committed : (scope[d - 1] as number)))
      : 0,
  }));
  return {
    unit: start.unit,
    committed: start.committed,
    sprint: {
      id: sprint.id,
      name: sprint.name,
      state: sprint.state,
      startDate: sprint.startDate,
      endDate: sprint.endDate,
    },
    days,
  };
}
