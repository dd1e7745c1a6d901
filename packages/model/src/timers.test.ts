/** SPEC M23: one timer per person, seen and stopped on any of their devices, counted once. */
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { ModelError } from './errors.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { createTask } from './tasks.ts';
import { editor, replicaOf, seeded, syncAll, T0 } from './testing/fixtures.ts';
import { discardTimer, readTimer, startTimer, stopTimer } from './timers.ts';
import { deleteWorklog, readWorklogs, timeSpentOf } from './worklogs.ts';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ModelError) return e.code;
    throw e;
  }
  return 'accepted';
}

function withTasks(): { doc: Y.Doc; t: string; u: string } {
  const doc = seeded();
  const t = createTask(doc, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 't' });
  const u = createTask(doc, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'u' });
  return { doc, t, u };
}

describe('M23: timers', () => {
  it('M23: started on one device, seen on the other after sync, stopped there: one worklog of the elapsed time', () => {
    const { doc: laptop, t } = withTasks();
    const desktop = replicaOf(laptop);
    const started = startTimer(laptop, editor('ann', T0), t);
    expect(readTimer(laptop, 'ann')).toEqual(started);
    expect(readTimer(laptop, 'bob')).toBeNull();
    syncAll(laptop, desktop);
    expect(readTimer(desktop, 'ann')).toEqual({ taskId: t, startedAt: T0, run: started.run });
    const w = stopTimer(desktop, editor('ann', T0 + 25 * 60_000), { note: 'pairing' });
    expect(w).not.toBeNull();
    syncAll(laptop, desktop);
    for (const doc of [laptop, desktop]) {
      expect(readTimer(doc, 'ann')).toBeNull();
      expect(readWorklogs(doc, t)).toEqual([
        expect.objectContaining({
          id: w,
          authorId: 'ann',
          seconds: 1500,
          note: 'pairing',
          startedAt: new Date(T0).toISOString(),
          timerRun: started.run,
        }),
      ]);
    }
    expect(stopTimer(laptop, editor('ann'))).toBeNull();
  });

  it('M23: the same run stopped on two offline devices counts once, and deleting the one shown takes it away', () => {
    const { doc: laptop, t } = withTasks();
    startTimer(laptop, editor('ann', T0), t);
    const desktop = replicaOf(laptop);
    stopTimer(laptop, editor('ann', T0 + 600_000));
    stopTimer(desktop, editor('ann', T0 + 900_000));
    syncAll(laptop, desktop);
    for (const doc of [laptop, desktop]) {
      expect(readWorklogs(doc, t)).toHaveLength(1);
      expect(timeSpentOf(doc, t)).toBe(readWorklogs(doc, t)[0]?.seconds);
      expect([600, 900]).toContain(timeSpentOf(doc, t));
    }
    // The twin it hides must not come back when the person deletes the worklog they see.
    const [shown] = readWorklogs(laptop, t);
    deleteWorklog(laptop, editor('ann'), shown?.id as string);
    syncAll(laptop, desktop);
    expect(readWorklogs(desktop, t)).toEqual([]);
    expect(timeSpentOf(desktop, t)).toBe(0);
  });

  it('M23: starting on another task stops and logs the running one; starting the same task again changes nothing', () => {
    const { doc, t, u } = withTasks();
    const first = startTimer(doc, editor('ann', T0), t);
    expect(startTimer(doc, editor('ann', T0 + 5000), t)).toEqual(first);
    const second = startTimer(doc, editor('ann', T0 + 120_000), u);
    expect(second).toMatchObject({ taskId: u, startedAt: T0 + 120_000 });
    expect(second.run).not.toBe(first.run);
    expect(readWorklogs(doc, t).map((w) => [w.seconds, w.timerRun])).toEqual([[120, first.run]]);
    expect(readTimer(doc, 'ann')).toEqual(second);
  });

  it('M23: each person has their own timer; discarding logs nothing; elapsed time is at least 1 s and at most 7 days', () => {
    const { doc, t, u } = withTasks();
    startTimer(doc, editor('ann', T0), t);
    startTimer(doc, editor('bob', T0), u);
    expect(readTimer(doc, 'ann')?.taskId).toBe(t);
    expect(readTimer(doc, 'bob')?.taskId).toBe(u);
    discardTimer(doc, editor('bob'));
    expect(readTimer(doc, 'bob')).toBeNull();
    expect(readWorklogs(doc, u)).toEqual([]);
    // A device whose clock is behind the start still logs a second; a forgotten timer at most a week.
    startTimer(doc, editor('bob', T0), u);
    stopTimer(doc, editor('bob', T0 - 60_000));
    stopTimer(doc, editor('ann', T0 + 30 * 24 * 3600_000));
    expect(readWorklogs(doc, u).map((w) => w.seconds)).toEqual([1]);
    expect(readWorklogs(doc, t).map((w) => w.seconds)).toEqual([7 * 24 * 3600]);
    expect(refusal(() => startTimer(doc, editor('ann'), 'nope'))).toBe('not_found');
  });
});
