/**
 * Issue 10 must-show 2 (property): two clients edit a workspace at random; at random moments, once
 * the server has acknowledged everything and the watching client is in sync, we record what that
 * client shows. Afterwards `GET /workspaces/:id/board?at=<moment>` must equal each recording, in
 * random order (so the server's rebuilds go backwards and forwards across checkpoints).
 */
import {
  addColumn,
  archiveColumn,
  archiveTask,
  createTask,
  FIRST_PROJECT_ID,
  moveTask,
  readBoard,
  readWorkspaceView,
  renameColumn,
  restoreTask,
  updateTask,
  type ViewProject,
} from '@taskflow/model';
import { rng } from '@taskflow/model/testing/prng';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import { addMember, call, createWorkspace, type Session, signUp } from '../helpers/auth.ts';
import { connectClient, type TestClient, until } from '../helpers/client.ts';
import { startTestServer, type TestServer } from '../helpers/in-process.ts';

const P = FIRST_PROJECT_ID;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: TestServer;
let ann: Session;
let bob: Session;

beforeAll(async () => {
  // Small intervals, so the moments fall on every side of snapshots and checkpoints.
  server = await startTestServer({ compactEvery: 4, checkpointEvery: 9 });
  ann = await signUp(server.url, { name: 'Ann' });
  bob = await signUp(server.url, { name: 'Bob' });
});
afterAll(() => server.close());

const op = fc.oneof(
  fc.record({ t: fc.constant('create' as const), title: fc.string({ minLength: 1, maxLength: 12 }) }),
  fc.record({
    t: fc.constant('title' as const),
    pick: fc.nat(),
    title: fc.string({ minLength: 1, maxLength: 12 }),
  }),
  fc.record({
    t: fc.constant('priority' as const),
    pick: fc.nat(),
    p: fc.constantFrom('low', 'high', 'medium'),
  }),
  fc.record({ t: fc.constant('move' as const), pick: fc.nat(), col: fc.nat(), index: fc.nat(5) }),
  fc.record({ t: fc.constant('archive' as const), pick: fc.nat() }),
  fc.record({ t: fc.constant('restore' as const), pick: fc.nat() }),
  fc.record({
    t: fc.constant('column' as const),
    pick: fc.nat(),
    name: fc.string({ minLength: 1, maxLength: 8 }),
  }),
);
const step = fc.record({ who: fc.constantFrom(0, 1), op, record: fc.boolean() });

type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

function apply(client: TestClient, o: Op): void {
  const { doc, editor } = client;
  const board = readBoard(doc, P);
  if (!board) return;
  const tasks = board.columns.flatMap((c) => c.tasks).concat(board.archivedTasks);
  const pick = 'pick' in o ? o.pick : 0;
  const task = tasks.length > 0 ? tasks[pick % tasks.length] : undefined;
  const cols = board.columns;
  try {
    switch (o.t) {
      case 'create':
        createTask(doc, editor, { projectId: P, title: o.title.trim() || 'x' });
        break;
      case 'title':
        if (task) updateTask(doc, editor, task.id, { title: o.title.trim() || 'y' });
        break;
      case 'priority':
        if (task) updateTask(doc, editor, task.id, { priority: o.p });
        break;
      case 'move':
        if (task && cols.length > 0)
          moveTask(doc, editor, task.id, cols[o.col % cols.length]?.id as string, o.index);
        break;
      case 'archive':
        if (task) archiveTask(doc, editor, task.id);
        break;
      case 'restore':
        if (task) restoreTask(doc, editor, task.id);
        break;
      case 'column': {
        const c = cols[o.pick % Math.max(1, cols.length)];
        if (o.pick % 5 === 0) addColumn(doc, editor, { projectId: P, name: o.name.trim() || 'c' });
        else if (o.pick % 7 === 0 && c && cols.length > 2) archiveColumn(doc, editor, c.id);
        else if (c) renameColumn(doc, editor, c.id, o.name.trim() || 'c');
        break;
      }
    }
  } catch {
    // A refused operation (archived project, last column…) is a no-op, as in the app.
  }
}

test('board?at= equals what a client in sync showed at that moment', async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 40 }), fc.integer(), async (steps, seed) => {
      run += 1;
      const ws = await createWorkspace(ann, `Prop ${run}`);
      await addMember(ann, ws, bob, 'member');
      const clients = [
        connectClient(server.wsUrl, { name: ws, token: ann.accessToken }),
        connectClient(server.wsUrl, { name: ws, token: bob.accessToken }),
      ];
      const [a, b] = clients as [TestClient, TestClient];
      const recorded: { at: string; view: ViewProject[] }[] = [];
      try {
        await Promise.all(clients.map((c) => c.synced));
        for (const s of steps) {
          apply(clients[s.who] as TestClient, s.op);
          if (!s.record) continue;
          await Promise.all(clients.map((c) => c.acked()));
          // In sync: the watching client holds everything both have had acknowledged.
          const target = Y.encodeStateVector(b.doc);
          await until(a.doc, () => covers(Y.encodeStateVector(a.doc), target));
          await sleep(3);
          recorded.push({ at: new Date().toISOString(), view: readWorkspaceView(a.doc) });
          await sleep(3);
        }
      } finally {
        for (const c of clients) c.destroy();
      }
      const order = shuffled(recorded, rng(seed).next);
      for (const r of order) {
        const res = await call<{ projects: ViewProject[] }>(
          server.url,
          'GET',
          `/workspaces/${ws}/board?at=${encodeURIComponent(r.at)}`,
          { token: bob.accessToken },
        );
        expect(res.status).toBe(200);
        expect(res.body.projects).toEqual(r.view);
      }
    }),
    { numRuns: 12 },
  );
}, 180_000);

function covers(have: Uint8Array, want: Uint8Array): boolean {
  const h = Y.decodeStateVector(have);
  for (const [client, clock] of Y.decodeStateVector(want)) if ((h.get(client) ?? 0) < clock) return false;
  return true;
}

function shuffled<T>(xs: T[], random: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
