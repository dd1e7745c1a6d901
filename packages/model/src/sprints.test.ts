/** SPEC M22: sprints, the backlog, and where a task is planned when people act at once. */
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { ModelError } from './errors.ts';
import { updateProject } from './projects.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import {
  completeSprint,
  createSprint,
  planTask,
  readPlan,
  readSprint,
  readSprints,
  startSprint,
  updateSprint,
} from './sprints.ts';
import { taskWalks } from './task-index.ts';
import { createTask, moveTask, updateTask } from './tasks.ts';
import { editor, replicaOf, seeded, syncAll, T0 } from './testing/fixtures.ts';

const P = FIRST_PROJECT_ID;
const DONE = `${P}:col3`;
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

function scrum(): Y.Doc {
  const doc = seeded();
  updateProject(doc, ann, P, { mode: 'scrum' });
  return doc;
}

const backlogIds = (doc: Y.Doc) => readPlan(doc, P).backlog.map((t) => t.id);
const sprintIds = (doc: Y.Doc, sprintId: string) =>
  readPlan(doc, P)
    .bySprint.get(sprintId)
    ?.map((t) => t.id);
const task = (doc: Y.Doc, title: string, extra: { sprintId?: string; estimate?: number } = {}) =>
  createTask(doc, ann, { projectId: P, title, ...extra });

/** Where each given task is planned, as every list of the plan shows it. */
function whereIs(doc: Y.Doc, taskId: string): string[] {
  const plan = readPlan(doc, P);
  const out: string[] = [];
  if (plan.backlog.some((t) => t.id === taskId)) out.push('backlog');
  for (const [sid, list] of plan.bySprint) if (list.some((t) => t.id === taskId)) out.push(sid);
  return out;
}

describe('M22: sprint lifecycle', () => {
  it('M22: a created sprint is planned, named after the project key, and takes tasks', () => {
    const doc = scrum();
    const s = createSprint(doc, ann, { projectId: P, goal: 'Ship' });
    expect(readSprint(doc, s)).toMatchObject({
      name: 'MFP Sprint 1',
      goal: 'Ship',
      state: 'planned',
      start: null,
      completion: null,
      startLost: false,
    });
    const t = task(doc, 't', { sprintId: s });
    expect(sprintIds(doc, s)).toEqual([t]);
    expect(backlogIds(doc)).toEqual([]);
    expect(refusal(() => createSprint(doc, ann, { projectId: 'nope' }))).toBe('not_found');
    expect(refusal(() => createSprint(doc, ann, { projectId: P, startDate: 'tomorrow' }))).toBe(
      'invalid_input',
    );
    expect(
      refusal(() => createSprint(doc, ann, { projectId: P, startDate: '2026-12-10', endDate: '2026-12-01' })),
    ).toBe('invalid_input');
    updateSprint(doc, ann, s, { startDate: '2026-12-01', endDate: '2026-12-14' });
    expect(refusal(() => updateSprint(doc, ann, s, { endDate: '2026-11-30' }))).toBe('invalid_input');
    expect(refusal(() => updateSprint(doc, ann, s, { startDate: '2026-12-15' }))).toBe('invalid_input');
    updateSprint(doc, ann, s, { startDate: '2026-12-14', name: 'Renamed' });
    expect(readSprint(doc, s)).toMatchObject({
      name: 'Renamed',
      startDate: '2026-12-14',
      endDate: '2026-12-14',
    });
  });

  it('M22: start is refused in a Kanban project (conflict); in Scrum it records the committed scope', () => {
    const doc = seeded();
    const s = createSprint(doc, ann, { projectId: P });
    task(doc, 'a', { sprintId: s, estimate: 3 });
    task(doc, 'b', { sprintId: s, estimate: 5 });
    task(doc, 'backlog', { estimate: 8 });
    expect(refusal(() => startSprint(doc, ann, s))).toBe('conflict');
    expect(readSprint(doc, s)?.state).toBe('planned');
    updateProject(doc, ann, P, { mode: 'scrum' });
    const started = startSprint(doc, editor('ann', T0), s);
    expect(started.state).toBe('active');
    expect(started.start).toMatchObject({
      by: 'ann',
      committed: 8,
      unit: 'points',
      at: new Date(T0).toISOString(),
    });
    expect(started.start?.taskIds).toHaveLength(2);
    expect(started.startDate).toBe('2026-11-22');
    expect(started.endDate).toBe('2026-12-06');
  });

  it('M22: hours projects commit their original estimates in hours', () => {
    const doc = scrum();
    updateProject(doc, ann, P, { estimationUnit: 'hours' });
    const s = createSprint(doc, ann, { projectId: P });
    const t = task(doc, 'a', { sprintId: s, estimate: 3 });
    updateTask(doc, ann, t, { originalEstimateSeconds: 5400 });
    expect(startSprint(doc, ann, s).start).toMatchObject({ committed: 1.5, unit: 'hours' });
  });

  it('M22: one active sprint at a time; a closed sprint neither starts, completes, changes nor takes tasks', () => {
    const doc = scrum();
    const s1 = createSprint(doc, ann, { projectId: P });
    const s2 = createSprint(doc, ann, { projectId: P });
    startSprint(doc, ann, s1);
    expect(refusal(() => startSprint(doc, ann, s1))).toBe('conflict');
    expect(refusal(() => startSprint(doc, ann, s2))).toBe('conflict');
    completeSprint(doc, ann, s1, null);
    expect(refusal(() => startSprint(doc, ann, s1))).toBe('conflict');
    expect(refusal(() => completeSprint(doc, ann, s1, null))).toBe('conflict');
    expect(refusal(() => updateSprint(doc, ann, s1, { name: 'again' }))).toBe('conflict');
    expect(refusal(() => task(doc, 'late', { sprintId: s1 }))).toBe('conflict');
    const t = task(doc, 't');
    expect(refusal(() => planTask(doc, ann, t, { sprintId: s1, index: 0 }))).toBe('conflict');
    expect(refusal(() => updateTask(doc, ann, t, { sprintId: s1 }))).toBe('conflict');
    expect(refusal(() => startSprint(doc, ann, 'nope'))).toBe('not_found');
    expect(startSprint(doc, ann, s2).state).toBe('active');
  });

  it('M22: completing a planned sprint is refused (conflict); open tasks move only to another open sprint of the project', () => {
    const doc = scrum();
    const s1 = createSprint(doc, ann, { projectId: P });
    const s2 = createSprint(doc, ann, { projectId: P });
    expect(refusal(() => completeSprint(doc, ann, s1, null))).toBe('conflict');
    startSprint(doc, ann, s1);
    expect(refusal(() => completeSprint(doc, ann, s1, s1))).toBe('conflict');
    expect(refusal(() => completeSprint(doc, ann, s1, 'nope'))).toBe('not_found');
    expect(readSprint(doc, s1)?.state).toBe('active');
    expect(completeSprint(doc, ann, s1, s2)).toEqual({ completed: 0, moved: 0 });
    const s3 = createSprint(doc, ann, { projectId: P });
    startSprint(doc, ann, s3);
    expect(refusal(() => completeSprint(doc, ann, s3, s1))).toBe('conflict');
  });

  it('M22: completion keeps done tasks in the sprint and sends open ones to the next sprint or the backlog', () => {
    const doc = scrum();
    const s1 = createSprint(doc, ann, { projectId: P });
    const s2 = createSprint(doc, ann, { projectId: P });
    const done = task(doc, 'done', { sprintId: s1 });
    const open = task(doc, 'open', { sprintId: s1 });
    const waiting = task(doc, 'waiting');
    moveTask(doc, ann, done, DONE, 0);
    startSprint(doc, ann, s1);
    expect(completeSprint(doc, ann, s1, s2)).toEqual({ completed: 1, moved: 1 });
    const closed = readSprint(doc, s1);
    expect(closed?.state).toBe('closed');
    expect(closed?.completion).toMatchObject({
      by: 'ann',
      openTo: s2,
      doneTaskIds: [done],
      openTaskIds: [open],
    });
    expect(whereIs(doc, done)).toEqual([]); // done in a closed sprint: in no list
    expect(readPlan(doc, P).bySprint.has(s1)).toBe(false);
    expect(whereIs(doc, open)).toEqual([s2]);
    expect(whereIs(doc, waiting)).toEqual(['backlog']);
    // The next completion sends the open task on, to the backlog.
    startSprint(doc, ann, s2);
    expect(completeSprint(doc, ann, s2, null)).toEqual({ completed: 0, moved: 1 });
    expect(whereIs(doc, open)).toEqual(['backlog']);
    expect(readPlan(doc, P).backlog.find((t) => t.id === open)?.effectiveSprintId).toBeNull();
    // A task done in the closed sprint and reopened since is back in the backlog (as in Jira).
    moveTask(doc, ann, done, `${P}:col1`, 0);
    expect(whereIs(doc, done)).toEqual(['backlog']);
    expect(readPlan(doc, P).backlog.find((t) => t.id === done)?.effectiveSprintId).toBeNull();
    planTask(doc, ann, done, { sprintId: null, index: 0 });
    expect(backlogIds(doc)[0]).toBe(done);
  });
});

describe('M22: concurrency', () => {
  it('M22: two sprints started concurrently: the earlier start wins, the other reads as planned with its start lost; completing the winner clears it', () => {
    const a = scrum();
    const s1 = createSprint(a, ann, { projectId: P, id: 's1' });
    const s2 = createSprint(a, ann, { projectId: P, id: 's2' });
    const b = replicaOf(a);
    startSprint(a, editor('ann', T0 + 5_000), s1);
    startSprint(b, editor('bob', T0 + 1_000), s2);
    syncAll(a, b);
    for (const doc of [a, b]) {
      const [x, y] = readSprints(doc, P);
      expect(x).toMatchObject({ id: s1, state: 'planned', startLost: true });
      expect(y).toMatchObject({ id: s2, state: 'active', startLost: false });
    }
    // Whoever completes the winner also clears the lost start: it does not become active by itself.
    completeSprint(a, ann, s2, null);
    syncAll(a, b);
    for (const doc of [a, b]) {
      expect(readSprint(doc, s1)).toMatchObject({ state: 'planned', start: null, startLost: false });
      expect(readSprint(doc, s2)?.state).toBe('closed');
    }
    expect(startSprint(b, bob, s1).state).toBe('active');
  });

  it('M22: equal start times: the smaller sprint id wins', () => {
    const a = scrum();
    createSprint(a, ann, { projectId: P, id: 'sb' });
    createSprint(a, ann, { projectId: P, id: 'sa' });
    const b = replicaOf(a);
    startSprint(a, editor('ann', T0), 'sb');
    startSprint(b, editor('bob', T0), 'sa');
    syncAll(a, b);
    expect(readSprint(a, 'sa')?.state).toBe('active');
    expect(readSprint(b, 'sb')?.startLost).toBe(true);
  });

  it('M22: a task added offline to a sprint completed meanwhile lands where the completion sent open tasks', () => {
    for (const next of ['sprint', 'backlog'] as const) {
      const online = scrum();
      const s1 = createSprint(online, ann, { projectId: P });
      const s2 = createSprint(online, ann, { projectId: P });
      const open = task(online, 'open', { sprintId: s1 });
      const idle = task(online, 'idle');
      startSprint(online, ann, s1);
      const offline = replicaOf(online);
      const added = createTask(offline, bob, { projectId: P, title: 'added offline', sprintId: s1 });
      planTask(offline, bob, idle, { sprintId: s1, index: 0 });
      const to = next === 'sprint' ? s2 : null;
      completeSprint(online, ann, s1, to);
      syncAll(online, offline);
      for (const doc of [online, offline]) {
        for (const id of [open, added, idle]) expect(whereIs(doc, id)).toEqual([to ?? 'backlog']);
      }
    }
  });

  it('M22: one task planned into two sprints concurrently ends in exactly one', () => {
    const a = scrum();
    const s1 = createSprint(a, ann, { projectId: P });
    const s2 = createSprint(a, ann, { projectId: P });
    const t = task(a, 't');
    const b = replicaOf(a);
    planTask(a, ann, t, { sprintId: s1, index: 0 });
    planTask(b, bob, t, { sprintId: s2, index: 0 });
    syncAll(a, b);
    expect(whereIs(a, t)).toHaveLength(1);
    expect(whereIs(a, t)).toEqual(whereIs(b, t));
  });
});

describe('M22: plan order', () => {
  it('M22: backlog and sprint lists are ordered by (planRank, id); planTask puts a task at the index asked', () => {
    const doc = scrum();
    const s = createSprint(doc, ann, { projectId: P });
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((t) => task(doc, t)) as [string, string, string, string];
    expect(backlogIds(doc)).toEqual([a, b, c, d]); // new tasks at the bottom
    planTask(doc, ann, d, { sprintId: null, index: 0 });
    expect(backlogIds(doc)).toEqual([d, a, b, c]);
    planTask(doc, ann, d, { sprintId: null, index: 2 });
    expect(backlogIds(doc)).toEqual([a, b, d, c]);
    planTask(doc, ann, a, { sprintId: null, index: 99 });
    expect(backlogIds(doc)).toEqual([b, d, c, a]);
    planTask(doc, ann, c, { sprintId: s, index: 0 });
    planTask(doc, ann, b, { sprintId: s, index: 0 });
    planTask(doc, ann, a, { sprintId: s, index: 1 });
    expect(sprintIds(doc, s)).toEqual([b, a, c]);
    expect(backlogIds(doc)).toEqual([d]);
    planTask(doc, ann, a, { sprintId: null, index: 0 });
    expect(backlogIds(doc)).toEqual([a, d]);
    expect(refusal(() => planTask(doc, ann, 'nope', { sprintId: null, index: 0 }))).toBe('not_found');
    expect(refusal(() => planTask(doc, ann, a, { sprintId: 'nope', index: 0 }))).toBe('not_found');
  });

  it('M22: two tasks dropped at the same spot offline both land there, in one order on both replicas', () => {
    const a = scrum();
    const [x, y, z] = ['x', 'y', 'z'].map((t) => task(a, t)) as [string, string, string];
    const b = replicaOf(a);
    planTask(a, ann, z, { sprintId: null, index: 0 });
    planTask(b, bob, y, { sprintId: null, index: 0 });
    syncAll(a, b);
    expect(backlogIds(a)).toEqual(backlogIds(b));
    expect(backlogIds(a).slice(2)).toEqual([x]);
  });
});

describe('M22: planning reads its list, not the workspace (issue 13)', () => {
  it('M22: planning a task, starting and completing a sprint make no walk over the tasks', () => {
    const doc = scrum();
    const ids = Array.from({ length: 30 }, (_, i) => task(doc, `t${i}`, { estimate: 1 }));
    const s1 = createSprint(doc, ann, { projectId: P });
    const s2 = createSprint(doc, ann, { projectId: P });
    const before = taskWalks(doc);
    planTask(doc, ann, ids[0] as string, { sprintId: s1, index: 0 });
    planTask(doc, ann, ids[1] as string, { sprintId: s1, index: 99 });
    planTask(doc, ann, ids[2] as string, { sprintId: s1, index: 1 });
    planTask(doc, ann, ids[3] as string, { sprintId: null, index: 5 });
    planTask(doc, ann, ids[4] as string, { sprintId: null, index: Number.MAX_SAFE_INTEGER });
    const walked = taskWalks(doc);
    // Where readPlan (a walk) shows them.
    expect(backlogIds(doc).indexOf(ids[3] as string)).toBe(4);
    expect(backlogIds(doc).at(-1)).toBe(ids[4]);
    const after = taskWalks(doc) - walked;
    expect(startSprint(doc, ann, s1).start?.taskIds).toEqual([ids[0], ids[2], ids[1]]);
    moveTask(doc, ann, ids[2] as string, DONE, 0);
    expect(completeSprint(doc, ann, s1, s2)).toEqual({ completed: 1, moved: 2 });
    planTask(doc, ann, ids[5] as string, { sprintId: s2, index: 0 });
    expect(taskWalks(doc) - before - after).toBe(0);
    expect(sprintIds(doc, s2)).toEqual([ids[5], ids[0], ids[1]]);
  });
});
