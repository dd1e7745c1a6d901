/** SPEC M23: worklogs, time spent and the remaining estimate. */
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { readTask } from './board.ts';
import { ModelError } from './errors.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { createTask, updateTask } from './tasks.ts';
import { editor, replicaOf, seeded, syncAll, T0 } from './testing/fixtures.ts';
import {
  addWorklog,
  deleteWorklog,
  editWorklog,
  readWorklog,
  readWorklogs,
  timeSpentByTask,
  timeSpentOf,
  timeTracking,
} from './worklogs.ts';

const ann = editor('ann');
const bob = editor('bob');

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ModelError) return e.code;
    throw e;
  }
  return 'accepted';
}

function withTask(fields: { originalEstimateSeconds?: number } = {}): { doc: Y.Doc; t: string } {
  const doc = seeded();
  const t = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 't', ...fields });
  return { doc, t };
}

function remaining(doc: Y.Doc, taskId: string): number | null {
  const task = readTask(doc, taskId);
  if (!task) throw new Error('no task');
  return timeTracking(task, timeSpentOf(doc, taskId)).remainingEstimateSeconds;
}

describe('M23: worklogs', () => {
  it('M23: a worklog records who, when it started, how long and a note', () => {
    const { doc, t } = withTask();
    const w = addWorklog(doc, editor('ann', T0), t, { seconds: 1800, note: 'review' });
    expect(readWorklog(doc, w)).toMatchObject({
      taskId: t,
      authorId: 'ann',
      seconds: 1800,
      note: 'review',
      startedAt: new Date(T0 - 1_800_000).toISOString(),
      editedAt: null,
      timerRun: null,
    });
    const at = '2026-11-20T08:00:00.000Z';
    expect(readWorklog(doc, addWorklog(doc, ann, t, { seconds: 60, startedAt: at }))?.startedAt).toBe(at);
    expect(readWorklogs(doc, t).map((x) => x.seconds)).toEqual([60, 1800]); // oldest start first
  });

  it('M23: durations are whole seconds, at least 1, at most 7 days; the task must exist', () => {
    const { doc, t } = withTask();
    for (const seconds of [0, -5, 1.5, 7 * 24 * 3600 + 1, Number.NaN]) {
      expect(refusal(() => addWorklog(doc, ann, t, { seconds }))).toBe('invalid_input');
    }
    expect(refusal(() => addWorklog(doc, ann, t, { seconds: 7 * 24 * 3600 }))).toBe('accepted');
    expect(refusal(() => addWorklog(doc, ann, 'nope', { seconds: 60 }))).toBe('not_found');
    expect(refusal(() => addWorklog(doc, ann, t, { seconds: 60, remainingEstimateSeconds: -1 }))).toBe(
      'invalid_input',
    );
  });

  it('M23: only the author edits or deletes a worklog (forbidden otherwise); deleting hides it', () => {
    const { doc, t } = withTask();
    const w = addWorklog(doc, ann, t, { seconds: 600, note: 'mine' });
    expect(refusal(() => editWorklog(doc, bob, w, { seconds: 60 }))).toBe('forbidden');
    expect(refusal(() => deleteWorklog(doc, bob, w))).toBe('forbidden');
    expect(readWorklog(doc, w)).toMatchObject({ seconds: 600, note: 'mine' });
    editWorklog(doc, editor('ann', T0 + 1000), w, { seconds: 900, note: 'more' });
    expect(readWorklog(doc, w)).toMatchObject({
      seconds: 900,
      note: 'more',
      editedAt: new Date(T0 + 1000).toISOString(),
    });
    expect(refusal(() => editWorklog(doc, ann, w, { seconds: 0 }))).toBe('invalid_input');
    deleteWorklog(doc, ann, w);
    expect(readWorklog(doc, w)).toBeUndefined();
    expect(readWorklogs(doc, t)).toEqual([]);
    expect(timeSpentOf(doc, t)).toBe(0);
    expect(refusal(() => editWorklog(doc, ann, w, { note: 'back' }))).toBe('not_found');
  });

  it('M23: time spent is the sum of live worklogs, per task', () => {
    const { doc, t } = withTask();
    const other = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'other' });
    addWorklog(doc, ann, t, { seconds: 600 });
    addWorklog(doc, bob, t, { seconds: 300 });
    deleteWorklog(doc, bob, addWorklog(doc, bob, t, { seconds: 1000 }));
    addWorklog(doc, bob, other, { seconds: 60 });
    expect(timeSpentOf(doc, t)).toBe(900);
    expect(Object.fromEntries(timeSpentByTask(doc))).toEqual({ [t]: 900, [other]: 60 });
  });
});

describe('M23: remaining estimate', () => {
  it('M23: never set, what remains is the original estimate minus time spent, never below 0', () => {
    const { doc, t } = withTask({ originalEstimateSeconds: 3600 });
    expect(remaining(doc, t)).toBe(3600);
    addWorklog(doc, ann, t, { seconds: 1000 });
    expect(remaining(doc, t)).toBe(2600);
    addWorklog(doc, ann, t, { seconds: 5000 });
    expect(remaining(doc, t)).toBe(0);
    const { doc: d2, t: t2 } = withTask();
    addWorklog(d2, ann, t2, { seconds: 60 });
    expect(remaining(d2, t2)).toBeNull();
  });

  it('M23: once set, it counts down by what is logged since; logging can set it instead', () => {
    const { doc, t } = withTask({ originalEstimateSeconds: 3600 });
    addWorklog(doc, ann, t, { seconds: 1200 });
    updateTask(doc, ann, t, { remainingEstimateSeconds: 7200 });
    expect(remaining(doc, t)).toBe(7200);
    addWorklog(doc, ann, t, { seconds: 200 });
    expect(remaining(doc, t)).toBe(7000);
    addWorklog(doc, ann, t, { seconds: 500, remainingEstimateSeconds: 100 });
    expect(remaining(doc, t)).toBe(100);
    addWorklog(doc, ann, t, { seconds: 300 });
    expect(remaining(doc, t)).toBe(0);
    expect(timeSpentOf(doc, t)).toBe(2200);
  });

  it('M23: two people logging offline at once both count the remaining estimate down', () => {
    const { doc: a, t } = withTask({ originalEstimateSeconds: 10_000 });
    updateTask(a, ann, t, { remainingEstimateSeconds: 8000 });
    const b = replicaOf(a);
    addWorklog(a, ann, t, { seconds: 1000 });
    addWorklog(b, bob, t, { seconds: 2500 });
    expect(remaining(a, t)).toBe(7000);
    expect(remaining(b, t)).toBe(5500);
    syncAll(a, b);
    for (const doc of [a, b]) {
      expect(timeSpentOf(doc, t)).toBe(3500);
      expect(remaining(doc, t)).toBe(4500);
    }
    // Without a set value the same holds against the original estimate.
    const { doc: c, t: u } = withTask({ originalEstimateSeconds: 10_000 });
    const d = replicaOf(c);
    addWorklog(c, ann, u, { seconds: 1000 });
    addWorklog(d, bob, u, { seconds: 2500 });
    syncAll(c, d);
    expect([remaining(c, u), remaining(d, u)]).toEqual([6500, 6500]);
  });
});
