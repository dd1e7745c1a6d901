/**
 * Velocity (docs/REPORTS.md): for the project's last closed sprints, the work each committed to at
 * its start against the work it completed, weighed as the tasks were at the completion.
 */
import { weightOf } from './burndown.ts';
import type { ProjectHistory } from './project-history.ts';
import { stateBefore } from './timelines.ts';

export type Velocity = {
  unit: 'points' | 'hours';
  sprints: { id: string; name: string; committed: number; completed: number }[];
};

const round2 = (n: number) => Math.round(n * 100) / 100;

export function velocity(h: ProjectHistory, count: number): Velocity {
  const closed = h.sprints
    .filter((s) => s.completion !== null && s.start !== null)
    .map((s) => ({ s, at: Date.parse(s.completion?.at ?? '') }))
    .sort((a, b) => a.at - b.at || (a.s.id < b.s.id ? -1 : 1))
    .slice(-count);
  const lines = new Map(h.lines.map((l) => [l.id, l]));
  return {
    unit: h.unit,
    sprints: closed.map(({ s, at }) => {
      const unit = s.start?.unit ?? h.unit;
      let completed = 0;
      for (const taskId of s.completion?.doneTaskIds ?? []) {
        const line = lines.get(taskId) ?? h.timelines.tasks.get(taskId);
        if (line) completed += weightOf(stateBefore(line, at + 1), unit);
      }
      return { id: s.id, name: s.name, committed: s.start?.committed ?? 0, completed: round2(completed) };
    }),
  };
}
