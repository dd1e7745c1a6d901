/**
 * The flow reports (docs/REPORTS.md): cumulative flow (tasks per column at the end of each day),
 * cycle time (first move out of the first column to the first arrival in the done column), and
 * created vs resolved per week. Each walks every task's history once: the cost is the project's
 * changes plus its days, however long the range.
 */

import type { ProjectHistory } from './project-history.ts';
import { addDays, DayRange, weekOf } from './report-days.ts';
import { applyEvent, columnExisted, EMPTY_STATE, type TaskLine, type TaskState } from './timelines.ts';

export type Cfd = {
  columns: { id: string; name: string; archived: boolean }[];
  days: { date: string; counts: Record<string, number> }[];
};

/**
 * Calls `run(state, from, to)` for each stretch of a task's history in one state: `from` is the
 * moment the state began, `to` the moment the next change came (Infinity for the last).
 */
function walkRuns(line: TaskLine, run: (state: TaskState, from: number, to: number) => void): void {
  const state = { ...EMPTY_STATE };
  let since = Number.NEGATIVE_INFINITY;
  for (const e of line.events) {
    // Changes at one instant make one state: the stretch ends at the first of them.
    if (e.at > since) {
      run(state, since, e.at);
      since = e.at;
    }
    applyEvent(state, e);
  }
  run(state, since, Number.POSITIVE_INFINITY);
}

export function cfd(h: ProjectHistory, from: string, to: string): Cfd {
  const range = new DayRange(from, to, h.timeZone);
  const n = range.days.length;
  // Per column, +1 on the first day a task is in it and −1 on the first day it no longer is.
  const diff = new Map<string, Int32Array>(h.columns.map((c) => [c.id, new Int32Array(n + 1)]));
  for (const line of h.lines) {
    walkRuns(line, (s, a, b) => {
      if (!s.live || s.projectId !== h.projectId || s.column === null) return;
      const counts = diff.get(s.column);
      if (!counts) return;
      // The state at the end of day d is the one in force at ends[d]: days with a < end ≤ b.
      const first = range.firstEndingAfter(a);
      const last = b === Number.POSITIVE_INFINITY ? n : range.firstEndingAfter(b);
      if (first >= last) return;
      (counts[first] as number)++;
      (counts[last] as number)--;
    });
  }
  const running = new Map<string, number>();
  const days = range.days.map((date, d) => {
    const counts: Record<string, number> = {};
    for (const c of h.columns) {
      const total = (running.get(c.id) ?? 0) + ((diff.get(c.id) as Int32Array)[d] as number);
      running.set(c.id, total);
      const end = Math.min(range.ends[d] as number, h.now + 1);
      if (columnExisted(h.timelines.columns.get(c.id), end)) counts[c.id] = total;
    }
    return { date, counts };
  });
  return {
    columns: h.columns.map((c) => ({ id: c.id, name: c.name, archived: c.archivedAt !== null })),
    days,
  };
}

export type CycleTime = {
  startColumnId: string | null;
  doneColumnId: string | null;
  tasks: { taskId: string; key: string; title: string; startedAt: string; doneAt: string; days: number }[];
  medianDays: number | null;
  p85Days: number | null;
};

/** The nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

type Transition = { at: number; from: string | null; to: string | null };

/** The column changes of a task while it was a live task of the project. */
function columnTransitions(line: TaskLine, projectId: string): Transition[] {
  const out: Transition[] = [];
  const state = { ...EMPTY_STATE };
  let where: string | null = null;
  for (const e of line.events) {
    applyEvent(state, e);
    const now = state.live && state.projectId === projectId ? state.column : null;
    if (now !== where) {
      out.push({ at: e.at, from: where, to: now });
      where = now;
    }
  }
  return out;
}

export function cycleTime(h: ProjectHistory, from: string, to: string): CycleTime {
  const range = new DayRange(from, to, h.timeZone);
  const end = range.ends.at(-1) ?? range.start;
  const tasks: CycleTime['tasks'] = [];
  for (const line of h.lines) {
    let startedAt: number | null = null;
    let doneAt: number | null = null;
    for (const t of columnTransitions(line, h.projectId)) {
      if (startedAt === null && t.to !== null && t.to !== h.firstColumnId) startedAt = t.at;
      if (startedAt !== null && t.to === h.doneColumnId) {
        doneAt = t.at;
        break;
      }
    }
    if (startedAt === null || doneAt === null || doneAt < range.start || doneAt >= end) continue;
    tasks.push({
      taskId: line.id,
      ...h.describe(line.id),
      startedAt: new Date(startedAt).toISOString(),
      doneAt: new Date(doneAt).toISOString(),
      days: Math.round(((doneAt - startedAt) / 86_400_000) * 100) / 100,
    });
  }
  tasks.sort((a, b) =>
    a.doneAt === b.doneAt ? (a.taskId < b.taskId ? -1 : 1) : a.doneAt < b.doneAt ? -1 : 1,
  );
  const sorted = tasks.map((t) => t.days).sort((a, b) => a - b);
  return {
    startColumnId: h.firstColumnId,
    doneColumnId: h.doneColumnId,
    tasks,
    medianDays: percentile(sorted, 50),
    p85Days: percentile(sorted, 85),
  };
}

export type CreatedResolved = { weeks: { week: string; created: number; resolved: number }[] };

export function createdResolved(h: ProjectHistory, from: string, to: string): CreatedResolved {
  const firstWeek = weekOf(from);
  const lastWeek = weekOf(to);
  // Whole weeks: the range picks the weeks, each week counts all its days.
  const weeks = new Map<string, { week: string; created: number; resolved: number }>();
  for (let week = firstWeek; week <= lastWeek; week = addDays(week, 7)) {
    weeks.set(week, { week, created: 0, resolved: 0 });
  }
  const days = new DayRange(firstWeek, addDays(lastWeek, 6), h.timeZone);
  const bucket = (at: number) => {
    const d = days.indexOf(at);
    return d < 0 ? undefined : weeks.get(weekOf(days.days[d] as string));
  };
  for (const line of h.lines) {
    const transitions = columnTransitions(line, h.projectId);
    const created = line.createdAt;
    if (created !== null && transitions[0] && transitions[0].from === null && transitions[0].at === created) {
      const w = bucket(created);
      if (w) w.created++;
    }
    for (const t of transitions) {
      if (t.to === h.doneColumnId && t.from !== h.doneColumnId) {
        const w = bucket(t.at);
        if (w) w.resolved++;
      }
    }
  }
  return { weeks: [...weeks.values()] };
}
