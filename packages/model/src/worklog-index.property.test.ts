/**
 * Issue 13: one task's worklogs, read through the worklog index, are exactly what the full walk
 * (`readAllWorklogs`) holds for it: after random planning operations on replicas synced in random
 * order, after raw writes that move a worklog to another task, make twins of a timer run (the
 * smallest id counts, deleted or not, on whichever task), break or delete a worklog, and in the
 * middle of a transaction.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readAllTasks } from './board.ts';
import { worklogsMap } from './doc.ts';
import { readProjects } from './read.ts';
import { createTask } from './tasks.ts';
import { editor, replicaOf, seeded, T0 } from './testing/fixtures.ts';
import { applyPlanningOp } from './testing/planning-ops.ts';
import { type Rng, rng } from './testing/prng.ts';
import { worklogWalks } from './worklog-index.ts';
import {
  addWorklog,
  readAllWorklogs,
  readWorklog,
  readWorklogs,
  timeSpentOf,
  type Worklog,
} from './worklogs.ts';

const byStart = (a: Worklog, b: Worklog) =>
  a.startedAt === b.startedAt ? (a.id < b.id ? -1 : 1) : a.startedAt < b.startedAt ? -1 : 1;

function expectAgrees(doc: Y.Doc, where: string): void {
  const all = readAllWorklogs(doc);
  const taskIds = new Set([
    ...readAllTasks(doc).map((t) => t.id),
    ...all.map((w) => w.taskId),
    'no-such-task',
  ]);
  for (const taskId of taskIds) {
    const walked = all.filter((w) => w.taskId === taskId).sort(byStart);
    expect(readWorklogs(doc, taskId), `${where}: ${taskId}`).toEqual(walked);
    expect(timeSpentOf(doc, taskId), `${where}: spent on ${taskId}`).toBe(
      walked.reduce((s, w) => s + w.seconds, 0),
    );
  }
  const counted = new Set(all.map((w) => w.id));
  for (const wid of worklogsMap(doc).keys()) {
    expect(readWorklog(doc, wid)?.id, `${where}: worklog ${wid}`).toBe(counted.has(wid) ? wid : undefined);
  }
}

/** What a peer or an old client can write straight into the map, beyond the model's operations. */
function rawWorklogWrite(doc: Y.Doc, r: Rng): void {
  const logs = worklogsMap(doc);
  const ids = [...logs.keys()];
  const tasks = readAllTasks(doc).map((t) => t.id);
  const runs = ['run-a', 'run-b', 'run-c'];
  doc.transact(() => {
    const choice = r.int(6);
    if (choice === 0 || ids.length === 0) {
      // A twin of a run (two devices stopped it offline), on any task, maybe already deleted.
      if (tasks.length === 0) return;
      const map = new Y.Map<unknown>();
      map.set('taskId', r.pick(tasks));
      map.set('authorId', 'raw');
      map.set('startedAt', new Date(T0 + r.int(5) * 60_000).toISOString());
      map.set('seconds', 1 + r.int(900));
      map.set('note', '');
      map.set('createdAt', new Date(T0).toISOString());
      map.set('deletedAt', r.chance(0.3) ? new Date(T0).toISOString() : null);
      map.set('timerRun', r.pick(runs));
      logs.set(`w${r.int(1000).toString().padStart(3, '0')}`, map);
      return;
    }
    const map = logs.get(r.pick(ids)) as Y.Map<unknown>;
    if (choice === 1 && tasks.length > 0) map.set('taskId', r.pick(tasks));
    else if (choice === 2) map.set('timerRun', r.chance(0.3) ? null : r.pick(runs));
    else if (choice === 3) map.set('seconds', r.chance(0.3) ? 'broken' : 1 + r.int(900));
    else if (choice === 4) map.set('deletedAt', r.chance(0.5) ? null : new Date(T0).toISOString());
    else logs.delete(r.pick(ids));
  });
}

describe('worklog index (issue 13)', () => {
  it('agrees with a full walk after random operations on replicas synced in random order', () => {
    const seed = Number(process.env.TF_SEED ?? Date.now() % 2 ** 31);
    const r = rng(seed);
    try {
      for (let run = 0; run < 10; run++) {
        const base = seeded();
        const replicas = [base, replicaOf(base), replicaOf(base)];
        for (const d of replicas) expectAgrees(d, 'start');
        for (let step = 0; step < 120; step++) {
          const i = r.int(replicas.length);
          const doc = replicas[i] as Y.Doc;
          if (r.chance(0.3)) rawWorklogWrite(doc, r);
          else applyPlanningOp(doc, editor(`p${i}`, T0 + step * 1000), r);
          if (r.chance(0.3)) {
            const other = replicas[r.int(replicas.length)] as Y.Doc;
            Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)));
          }
          if (step % 8 === 0) expectAgrees(doc, `run ${run} step ${step}`);
        }
        for (const d of replicas) expectAgrees(d, `run ${run} end`);
      }
    } catch (e) {
      console.error(
        `replay: TF_SEED=${seed} npx vitest run packages/model/src/worklog-index.property.test.ts`,
      );
      throw e;
    }
  });

  it('inside one transaction, a worklog just written counts (and in an observer of it)', () => {
    const doc = seeded();
    const projectId = readProjects(doc)[0]?.id as string;
    const taskId = createTask(doc, editor('ann'), { projectId, title: 'logged' });
    expectAgrees(doc, 'before');
    const seen: number[] = [];
    worklogsMap(doc).observe(() => seen.push(timeSpentOf(doc, taskId)));
    doc.transact(() => {
      for (let i = 1; i <= 5; i++) {
        addWorklog(doc, editor('ann'), taskId, { seconds: 60 });
        expect(timeSpentOf(doc, taskId)).toBe(60 * i);
      }
    });
    expect(seen).toEqual([300]);
    // A worklog made and then changed in one transaction: Yjs records no change inside a map it
    // created in the same transaction, and the index still sees where it went.
    const other = createTask(doc, editor('ann'), { projectId, title: 'other' });
    doc.transact(() => {
      const wid = addWorklog(doc, editor('ann'), taskId, { seconds: 10 });
      expect(timeSpentOf(doc, taskId)).toBe(310);
      (worklogsMap(doc).get(wid) as Y.Map<unknown>).set('taskId', other);
      expect([timeSpentOf(doc, taskId), timeSpentOf(doc, other)]).toEqual([300, 10]);
      (worklogsMap(doc).get(wid) as Y.Map<unknown>).set('seconds', 'broken');
      expect(timeSpentOf(doc, other)).toBe(0);
      expectAgrees(doc, 'during');
    });
    expect(seen).toEqual([300, 300]);
    addWorklog(doc, editor('ann'), taskId, { seconds: 60, remainingEstimateSeconds: 600 });
    expect(seen).toEqual([300, 300, 360]);
    // A peer's worklog arrives in a transaction nobody read from: the observer still counts it.
    const peer = replicaOf(doc);
    addWorklog(peer, editor('bob'), taskId, { seconds: 40 });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(doc)));
    expect(seen).toEqual([300, 300, 360, 400]);
    expectAgrees(doc, 'after');
  });

  it('after one walk to build it, a task read reads its own worklogs only', () => {
    const doc = seeded();
    const projectId = readProjects(doc)[0]?.id as string;
    const ids = Array.from({ length: 20 }, (_, i) =>
      createTask(doc, editor('ann'), { projectId, title: `t${i}` }),
    );
    for (const id of ids) addWorklog(doc, editor('ann'), id, { seconds: 60 });
    timeSpentOf(doc, ids[0] as string);
    const before = worklogWalks(doc);
    for (const id of ids) {
      addWorklog(doc, editor('ann'), id, { seconds: 30, remainingEstimateSeconds: 60 });
      expect(timeSpentOf(doc, id)).toBe(90);
      expect(readWorklogs(doc, id)).toHaveLength(2);
    }
    expect(worklogWalks(doc) - before).toBe(0);
    readAllWorklogs(doc);
    expect(worklogWalks(doc) - before).toBe(1);
  });
});
