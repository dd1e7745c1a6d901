/**
 * The reports' fold (docs/REPORTS.md): entries in storage order become each task's history in the
 * order the changes were made; lost moves never place a task; stamps in the future or before the
 * task existed are pulled back to what could have happened.
 */
import { describe, expect, it } from 'vitest';
import { cfd, cycleTime, percentile } from './flow.ts';
import type { ProjectHistory } from './project-history.ts';
import { type FoldEntry, stateBefore, Timelines } from './timelines.ts';

const T = (day: number, hour = 12) =>
  Date.parse(`2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`);
const ARRIVED = T(20);

const created = (id: string, at: number, column: string, extra: Record<string, unknown> = {}): FoldEntry => ({
  kind: 'task.created',
  entityId: id,
  madeAt: at,
  arrivedAt: Math.max(at, T(1)),
  changes: Object.entries({
    projectId: 'p',
    column,
    archivedAt: null,
    sprintId: null,
    estimate: null,
    ...extra,
  }).map(([field, to]) => ({ field, from: null, to })),
});
const moved = (id: string, at: number, column: string, lost = false): FoldEntry => ({
  kind: 'task.moved',
  entityId: id,
  madeAt: at,
  arrivedAt: ARRIVED,
  changes: [
    { field: 'column', from: null, to: column },
    ...(lost ? [{ field: 'outcome', from: null, to: 'lost' }] : []),
  ],
});

function history(t: Timelines): ProjectHistory {
  return {
    projectId: 'p',
    unit: 'points',
    timelines: t,
    lines: [...t.tasks.values()],
    columns: ['todo', 'doing', 'done'].map((id, i) => ({
      id,
      projectId: 'p',
      name: id,
      rank: `a${i}`,
      archivedAt: null,
    })),
    firstColumnId: 'todo',
    doneColumnId: 'done',
    sprints: [],
    now: ARRIVED,
    timeZone: 'UTC',
    describe: (id) => ({ key: id.toUpperCase(), title: id }),
  };
}

describe('timelines', () => {
  it('a change that arrives late sits where it was made; a lost move places nothing', () => {
    const t = new Timelines();
    t.add(created('a', T(2), 'todo'));
    t.add(moved('a', T(6), 'done'));
    t.add(moved('a', T(4), 'doing')); // made offline on the 4th, stored after the 6th's
    t.add(moved('a', T(7), 'todo', true)); // lost to a concurrent move
    const line = t.tasks.get('a');
    if (!line) throw new Error('no line');
    expect([T(3), T(5), T(8)].map((c) => stateBefore(line, c).column)).toEqual(['todo', 'doing', 'done']);
  });

  it('a stamp after the arrival counts at the arrival; one before the task existed, at its creation', () => {
    const t = new Timelines();
    t.add(created('a', T(5), 'todo'));
    t.add({ ...moved('a', T(25), 'doing'), arrivedAt: T(10) });
    t.add(moved('a', T(3), 'done'));
    const line = t.tasks.get('a');
    if (!line) throw new Error('no line');
    expect(line.events.filter((e) => e.field === 'column').map((e) => [e.at, e.value])).toEqual([
      [T(5), 'todo'],
      [T(5), 'done'],
      [T(10), 'doing'],
    ]);
  });

  it('cumulative flow counts each day’s end; cycle time runs from leaving the first column to done', () => {
    const t = new Timelines();
    t.add(created('a', T(2), 'todo'));
    t.add(moved('a', T(3, 9), 'doing'));
    t.add(moved('a', T(3, 15), 'todo')); // moved back the same day
    t.add(moved('a', T(4, 6), 'doing'));
    t.add(moved('a', T(5, 18), 'done'));
    t.add(created('b', T(3, 23), 'doing')); // created past the first column: its cycle starts then
    t.add(moved('b', T(4, 11), 'done'));
    const report = cfd(history(t), '2026-03-02', '2026-03-05');
    expect(report.days).toEqual([
      { date: '2026-03-02', counts: { todo: 1, doing: 0, done: 0 } },
      { date: '2026-03-03', counts: { todo: 1, doing: 1, done: 0 } },
      { date: '2026-03-04', counts: { todo: 0, doing: 1, done: 1 } },
      { date: '2026-03-05', counts: { todo: 0, doing: 0, done: 2 } },
    ]);
    const cycle = cycleTime(history(t), '2026-03-01', '2026-03-31');
    expect(cycle.tasks.map((x) => [x.taskId, x.days])).toEqual([
      ['b', 0.5],
      ['a', 2.38], // from 03-03 09:00 (first move out) to 03-05 18:00
    ]);
    expect(cycle.medianDays).toBe(0.5);
    expect(cycle.p85Days).toBe(2.38);
  });

  it('percentiles by nearest rank', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 85)).toBe(9);
  });
});
