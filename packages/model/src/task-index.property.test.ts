/**
 * Issue 13: the task index answers what a walk over every task would, always: after random
 * operations on several replicas synced in random order (remote changes arrive as their own
 * transactions), and in the middle of a transaction that has already moved or created tasks.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readColumnOrder, readProjectTasks } from './board.ts';
import { writePlacement } from './placement.ts';
import { compareRanked, type Ranked } from './rank.ts';
import { liveColumns, readColumns, readProjects } from './read.ts';
import { lastPlanRank, planContext, planList, planListHead, readPlan } from './sprints.ts';
import { taskIndex, taskIndexReads, taskWalks } from './task-index.ts';
import { type BoardKey, boardOrder, planOrder } from './task-order.ts';
import { createTask } from './tasks.ts';
import { editor, replicaOf, seeded, T0 } from './testing/fixtures.ts';
import { applyPlanningOp } from './testing/planning-ops.ts';
import { rng } from './testing/prng.ts';
import { applyRandomOp } from './testing/random-ops.ts';

/** The oracle: every task read and placed by the full walk the index replaces. */
function walked(doc: Y.Doc) {
  const out = new Map<string, { order: Map<string, Ranked[]>; last: string | null }>();
  for (const p of readProjects(doc)) {
    const order = new Map<string, Ranked[]>();
    let last: string | null = null;
    for (const t of readProjectTasks(doc, p.id)) {
      if (t.planRank !== null && (last === null || t.planRank > last)) last = t.planRank;
      if (t.archivedAt !== null) continue;
      const list = order.get(t.columnId) ?? [];
      list.push({ id: t.id, rank: t.rank });
      order.set(t.columnId, list);
    }
    for (const list of order.values()) list.sort(compareRanked);
    out.set(p.id, { order, last });
  }
  return out;
}

/** The oracle of a listing: the project's live (or archived) tasks sorted as GET /projects/:id/tasks did. */
function walkedBoardOrder(doc: Y.Doc, projectId: string, liveIds: string[], archived: boolean) {
  const pos = new Map(liveIds.map((id, i) => [id, i]));
  return readProjectTasks(doc, projectId)
    .filter((t) => (t.archivedAt !== null) === archived)
    .sort((a, b) => (pos.get(a.columnId) ?? 0) - (pos.get(b.columnId) ?? 0) || compareRanked(a, b))
    .map((t) => ({ col: t.columnId, pos: pos.get(t.columnId) ?? 0, id: t.id, rank: t.rank }));
}

function expectAgrees(doc: Y.Doc, where: string): void {
  for (const [projectId, { order, last }] of walked(doc)) {
    for (const c of readColumns(doc, projectId)) {
      expect(readColumnOrder(doc, projectId, c.id), `${where}: ${c.id}`).toEqual(order.get(c.id) ?? []);
    }
    expect(lastPlanRank(doc, projectId), `${where}: last plan rank`).toBe(last);
    const liveIds = liveColumns(readColumns(doc, projectId)).map((c) => c.id);
    // Plan order: every task of the project by (plan rank as read, id), as readPlan sorts them.
    const plan = readProjectTasks(doc, projectId)
      .map((t) => ({ id: t.id, rank: t.planRank }))
      .sort(compareRanked);
    expect([...planOrder(doc, projectId)], `${where}: plan order`).toEqual(plan);
    for (let i = 0; i < plan.length; i += 3) {
      expect([...planOrder(doc, projectId, plan[i])], `${where}: plan order after ${i}`).toEqual(
        plan.slice(i + 1),
      );
    }
    // Each plan list (the backlog, each open sprint) as readPlan lists it, and the part of it
    // planning a task at a place reads.
    const full = readPlan(doc, projectId);
    const ctx = planContext(doc, projectId);
    const lists: [string | null, string[]][] = [
      [null, full.backlog.map((t) => t.id)],
      ...[...full.bySprint].map(([sid, l]): [string, string[]] => [sid, l.map((t) => t.id)]),
    ];
    for (const [target, ids] of lists) {
      const listed = [...planList(doc, projectId, target, ctx)];
      expect(
        listed.map((r) => r.id),
        `${where}: plan list ${target}`,
      ).toEqual(ids);
      const except = listed[1]?.id ?? 'none';
      const rest = listed.filter((r) => r.id !== except);
      for (const at of [0, 1, 2, Math.floor(rest.length / 2), rest.length, Number.MAX_SAFE_INTEGER]) {
        const head = planListHead(doc, projectId, target, at, except, ctx);
        const what = `${where}: head of ${target} at ${at}`;
        if (head.length === 1 && at >= rest.length) expect(head, what).toEqual(rest.slice(-1));
        else {
          expect(head, what).toEqual(rest.slice(0, head.length));
          expect(head.length, what).toBeGreaterThanOrEqual(Math.min(at + 1, rest.length));
        }
      }
    }
    // Keys: each numbered task is found by its number (the smallest id should two carry one).
    const byNumber = new Map<number, string>();
    for (const t of readProjectTasks(doc, projectId)) {
      if (t.number === null) continue;
      const held = byNumber.get(t.number);
      if (held === undefined || t.id < held) byNumber.set(t.number, t.id);
    }
    for (const [n, id] of byNumber) expect(taskIndex(doc).numbered(projectId, n), `${where}: #${n}`).toBe(id);
    for (const archived of [false, true]) {
      const all = walkedBoardOrder(doc, projectId, liveIds, archived);
      const what = `${where}: ${archived ? 'archived' : 'live'} board order`;
      expect([...boardOrder(doc, projectId, liveIds, { archived })], what).toEqual(all);
      // Resuming after any task gives exactly the tasks after it (every third, to stay quick).
      for (let i = 0; i < all.length; i += 3) {
        const after = all[i] as BoardKey;
        expect([...boardOrder(doc, projectId, liveIds, { archived, after })], `${what} after ${i}`).toEqual(
          all.slice(i + 1),
        );
      }
      for (const col of liveIds) {
        expect(
          [...boardOrder(doc, projectId, liveIds, { archived, onlyColumn: col })],
          `${what} in ${col}`,
        ).toEqual(all.filter((s) => s.col === col));
      }
    }
  }
}

describe('task index (issue 13)', () => {
  it('agrees with a full walk after random operations on replicas synced in random order', () => {
    const seed = Number(process.env.TF_SEED ?? Date.now() % 2 ** 31);
    const r = rng(seed);
    try {
      for (let run = 0; run < 12; run++) {
        const base = seeded();
        const replicas = [base, replicaOf(base), replicaOf(base)];
        for (const d of replicas) expectAgrees(d, 'start');
        for (let step = 0; step < 120; step++) {
          const i = r.int(replicas.length);
          const doc = replicas[i] as Y.Doc;
          const who = editor(`p${i}`, T0 + step * 1000);
          if (r.chance(0.25)) applyPlanningOp(doc, who, r);
          else applyRandomOp(doc, who, r);
          if (r.chance(0.3)) {
            const j = r.int(replicas.length);
            const other = replicas[j] as Y.Doc;
            Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)));
          }
          if (step % 10 === 0) expectAgrees(doc, `run ${run} step ${step}`);
        }
        for (const d of replicas) expectAgrees(d, `run ${run} end`);
      }
    } catch (e) {
      console.error(`replay: TF_SEED=${seed} npx vitest run packages/model/src/task-index.property.test.ts`);
      throw e;
    }
  });

  it('inside one transaction, each new task goes after the previous one', () => {
    const doc = seeded();
    const projectId = readProjects(doc)[0]?.id as string;
    const col = liveColumns(readColumns(doc, projectId))[0]?.id as string;
    expectAgrees(doc, 'before');
    const ids: string[] = [];
    doc.transact(() => {
      for (let i = 0; i < 50; i++) {
        ids.push(createTask(doc, editor('ann'), { projectId, title: `t${i}` }));
        expectAgrees(doc, `during ${i}`);
      }
    });
    expect(
      readColumnOrder(doc, projectId, col)
        .map((r) => r.id)
        .slice(-50),
    ).toEqual(ids);
  });

  it('one transaction creating 2,000 tasks reads each a bounded number of times (linear, not quadratic)', () => {
    const doc = seeded();
    const projectId = readProjects(doc)[0]?.id as string;
    taskIndex(doc).lastPlanRank(projectId);
    const col = liveColumns(readColumns(doc, projectId))[0]?.id as string;
    const before = taskIndexReads(doc);
    const ids: string[] = [];
    doc.transact(() => {
      for (let i = 0; i < 2_000; i++) ids.push(createTask(doc, editor('ann'), { projectId, title: `t${i}` }));
    });
    expect(
      readColumnOrder(doc, projectId, col)
        .map((r) => r.id)
        .slice(-2_000),
    ).toEqual(ids);
    // Each create reads what it wrote (its own task) while the transaction is open, and the end of
    // the transaction reads each once more: about 2 per task, where re-reading every task the
    // transaction had touched on each read made it 2,000 × 2,000.
    expect(taskIndexReads(doc) - before).toBeLessThanOrEqual(3 * 2_000);
  });

  it('inside one transaction, a move, an archive, a deleted key and a peer update applied mid-way are all seen', () => {
    const doc = seeded();
    const projectId = readProjects(doc)[0]?.id as string;
    const [first, second] = liveColumns(readColumns(doc, projectId)).map((c) => c.id) as [string, string];
    const old = createTask(doc, editor('ann'), { projectId, title: 'made before' });
    const peer = replicaOf(doc);
    const fromPeer = createTask(peer, editor('bob'), { projectId, title: 'from a peer', columnId: second });
    expectAgrees(doc, 'before');
    const tasks = doc.getMap<Y.Map<unknown>>('tasks');
    doc.transact(() => {
      const id = createTask(doc, editor('ann'), { projectId, title: 'made inside' });
      expectAgrees(doc, 'created');
      writePlacement(doc, tasks.get(id) as Y.Map<unknown>, {
        col: second,
        rank: 'a1',
        by: 'ann',
        moveId: 'm',
        now: T0 + 1,
      });
      expectAgrees(doc, 'the new task moved');
      tasks.get(old)?.delete('planRank');
      expectAgrees(doc, 'a plan rank deleted');
      tasks.get(old)?.set('archivedAt', new Date(T0).toISOString());
      expectAgrees(doc, 'archived');
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(doc)));
      expectAgrees(doc, 'a peer update inside the transaction');
    });
    expectAgrees(doc, 'after');
    expect(readColumnOrder(doc, projectId, second).map((r) => r.id)).toContain(fromPeer);
    expect(readColumnOrder(doc, projectId, first).map((r) => r.id)).not.toContain(old);
  });

  it('an observer of the transaction reads the index with the transaction in it', () => {
    const doc = seeded();
    const projectId = readProjects(doc)[0]?.id as string;
    const col = liveColumns(readColumns(doc, projectId))[0]?.id as string;
    taskIndex(doc);
    const seen: string[][] = [];
    doc.getMap('tasks').observeDeep(() => seen.push(readColumnOrder(doc, projectId, col).map((r) => r.id)));
    const id = createTask(doc, editor('ann'), { projectId, title: 'seen by the observer' });
    expect(seen.at(-1)).toContain(id);
  });

  it('a placement written alone (a peer that touches nothing else) is seen', () => {
    const doc = seeded();
    const projectId = readProjects(doc)[0]?.id as string;
    const [first, second] = liveColumns(readColumns(doc, projectId)).map((c) => c.id) as [string, string];
    const id = createTask(doc, editor('ann'), { projectId, title: 'moved by a bare write' });
    expectAgrees(doc, 'created');
    const task = doc.getMap<Y.Map<unknown>>('tasks').get(id) as Y.Map<unknown>;
    writePlacement(doc, task, { col: second, rank: 'a5', by: 'bob', moveId: 'm1', now: T0 + 5000 });
    expectAgrees(doc, 'moved');
    expect(readColumnOrder(doc, projectId, first).some((r) => r.id === id)).toBe(false);
  });

  it('plan order reads a missing or unreadable plan rank as readers do (a0)', () => {
    const doc = seeded();
    const projectId = readProjects(doc)[0]?.id as string;
    const ids = [0, 1, 2].map((i) => createTask(doc, editor('ann'), { projectId, title: `p${i}` }));
    const tasks = doc.getMap<Y.Map<unknown>>('tasks');
    tasks.get(ids[0] as string)?.delete('planRank');
    tasks.get(ids[1] as string)?.set('planRank', 'z'.repeat(300));
    tasks.get(ids[2] as string)?.set('planRank', 42);
    const plan = readProjectTasks(doc, projectId)
      .map((t) => ({ id: t.id, rank: t.planRank }))
      .sort(compareRanked);
    expect(plan.filter((r) => ids.includes(r.id)).every((r) => r.rank === 'a0')).toBe(true);
    expect([...planOrder(doc, projectId)]).toEqual(plan);
  });

  it('a page in board order resumes after a task that was moved or archived since', () => {
    const doc = seeded();
    const projectId = readProjects(doc)[0]?.id as string;
    const liveIds = liveColumns(readColumns(doc, projectId)).map((c) => c.id);
    for (let i = 0; i < 30; i++) createTask(doc, editor('ann'), { projectId, title: `t${i}` });
    const all = [...boardOrder(doc, projectId, liveIds)];
    const cut = all[9] as BoardKey;
    // The task the cursor names moves away: the rest still follows from where it was.
    const task = doc.getMap<Y.Map<unknown>>('tasks').get(cut.id) as Y.Map<unknown>;
    writePlacement(doc, task, {
      col: liveIds[1] as string,
      rank: 'a5',
      by: 'bob',
      moveId: 'm2',
      now: T0 + 9000,
    });
    const rest = [...boardOrder(doc, projectId, liveIds, { after: cut })].map((s) => s.id);
    const expected = all.slice(10).map((s) => s.id);
    expect(rest.filter((id) => expected.includes(id))).toEqual(expected);
  });

  it('after one walk to build it, edits read the index, not the whole workspace', () => {
    const doc = seeded();
    const projectId = readProjects(doc)[0]?.id as string;
    taskIndex(doc);
    const before = taskWalks(doc);
    for (let i = 0; i < 20; i++) createTask(doc, editor('ann'), { projectId, title: `t${i}` });
    const liveIds = liveColumns(readColumns(doc, projectId)).map((c) => c.id);
    const page = boardOrder(doc, projectId, liveIds);
    for (let i = 0; i < 5; i++) page.next();
    expect(taskWalks(doc) - before).toBe(1);
  });
});
