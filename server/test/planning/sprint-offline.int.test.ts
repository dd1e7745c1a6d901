/**
 * Issue 11 must-show 3 (SPEC M22), over a real server and real providers: a sprint completed on
 * one client while an offline client adds tasks to it — after reconnecting, those tasks are where
 * the completion sent the open ones, on every replica, never in the closed sprint; and two people
 * starting two sprints offline end with the earlier start active and the other waiting.
 */
import {
  completeSprint,
  createSprint,
  createTask,
  type Editor,
  FIRST_PROJECT_ID,
  moveTask,
  planTask,
  readPlan,
  readSprint,
  readSprints,
  startSprint,
  updateProject,
} from '@taskflow/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { addMember, createWorkspace, type Session, signUp } from '../helpers/auth.ts';
import { connectClient, type TestClient, until } from '../helpers/client.ts';
import { freshView } from '../helpers/content.ts';
import { startTestServer, type TestServer } from '../helpers/in-process.ts';

const P = FIRST_PROJECT_ID;
const DONE = `${P}:col3`;

/** The lists a task shows in: `backlog`, or open sprint ids (done in a closed sprint: none). */
function whereIs(doc: Y.Doc, taskId: string): string[] {
  const plan = readPlan(doc, P);
  const out: string[] = [];
  if (plan.backlog.some((t) => t.id === taskId)) out.push('backlog');
  for (const [sid, list] of plan.bySprint) if (list.some((t) => t.id === taskId)) out.push(sid);
  return out;
}

const at = (c: TestClient, ms: number): Editor => ({ origin: c.editor.origin, now: () => ms });

describe('issue 11: sprints across offline edits', () => {
  let server: TestServer;
  let ann: Session;
  let bob: Session;
  const open: TestClient[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    ann = await signUp(server.url, { name: 'Ann' });
    bob = await signUp(server.url, { name: 'Bob' });
  });
  afterAll(async () => {
    for (const c of open) c.destroy();
    await server?.close();
  });

  /** A fresh workspace, its first project in Scrum, Ann and Bob connected and in sync. */
  async function workspace(name: string) {
    const ws = await createWorkspace(ann, name);
    await addMember(ann, ws, bob, 'member');
    const connect = (who: Session, doc?: Y.Doc) => {
      const c = connectClient(server.wsUrl, { name: ws, token: who.token, ...(doc ? { doc } : {}) });
      open.push(c);
      return c;
    };
    const annC = connect(ann);
    const bobC = connect(bob);
    await Promise.all([annC.synced, bobC.synced]);
    updateProject(annC.doc, annC.editor, P, { mode: 'scrum' });
    return { ws, connect, annC, bobC };
  }

  for (const next of ['the next sprint', 'the backlog'] as const) {
    it(`M22: a sprint completed online (open tasks to ${next}) while Bob adds tasks to it offline: Bob’s tasks land in ${next} on every replica`, async () => {
      const { ws, connect, annC, bobC } = await workspace(`Complete to ${next}`);
      const a = annC.editor;
      const s1 = createSprint(annC.doc, a, { projectId: P, name: 'Sprint 1' });
      const s2 = createSprint(annC.doc, a, { projectId: P, name: 'Sprint 2' });
      const done = createTask(annC.doc, a, { projectId: P, title: 'done', sprintId: s1 });
      const openTask = createTask(annC.doc, a, { projectId: P, title: 'open', sprintId: s1 });
      const idle = createTask(annC.doc, a, { projectId: P, title: 'idle in the backlog' });
      moveTask(annC.doc, a, done, DONE, 0);
      startSprint(annC.doc, a, s1);
      await annC.acked();
      await until(bobC.doc, (d) => readSprint(d, s1)?.state === 'active' && whereIs(d, idle).length === 1);

      bobC.destroy();
      const added = createTask(bobC.doc, bobC.editor, { projectId: P, title: 'added offline', sprintId: s1 });
      planTask(bobC.doc, bobC.editor, idle, { sprintId: s1, index: 0 });
      expect(whereIs(bobC.doc, added)).toEqual([s1]);
      expect(whereIs(bobC.doc, idle)).toEqual([s1]);

      const to = next === 'the next sprint' ? s2 : null;
      expect(completeSprint(annC.doc, a, s1, to)).toEqual({ completed: 1, moved: 1 });
      await annC.acked();

      const bobBack = connect(bob, bobC.doc);
      await bobBack.synced;
      await bobBack.acked();
      await until(bobC.doc, (d) => readSprint(d, s1)?.state === 'closed');
      await until(
        annC.doc,
        (d) => whereIs(d, added).length > 0 && readPlan(d, P).bySprint.get(s1) === undefined,
      );
      const view = await freshView(server.wsUrl, ann.token, ws);
      const expected = [to ?? 'backlog'];
      for (const doc of [annC.doc, bobC.doc, view]) {
        expect(readSprint(doc, s1)?.state).toBe('closed');
        expect(readPlan(doc, P).bySprint.has(s1)).toBe(false);
        for (const id of [added, idle, openTask]) expect(whereIs(doc, id)).toEqual(expected);
        expect(whereIs(doc, done)).toEqual([]); // counted done in the closed sprint
        expect(readSprint(doc, s1)?.completion?.doneTaskIds).toEqual([done]);
      }
      expect(bobBack.stateless).toEqual([]);
    });
  }

  it('M22: two sprints started concurrently offline: the earlier start is active, the other waits with its start lost until the winner completes', async () => {
    const { ws, connect, annC, bobC } = await workspace('Two starts');
    const s1 = createSprint(annC.doc, annC.editor, { projectId: P, name: 'Ann’s sprint' });
    const s2 = createSprint(annC.doc, annC.editor, { projectId: P, name: 'Bob’s sprint' });
    createTask(annC.doc, annC.editor, { projectId: P, title: 'a', sprintId: s1 });
    createTask(annC.doc, annC.editor, { projectId: P, title: 'b', sprintId: s2 });
    await annC.acked();
    await until(
      bobC.doc,
      (d) => readSprints(d, P).length === 2 && readPlan(d, P).bySprint.get(s2)?.length === 1,
    );

    annC.destroy();
    bobC.destroy();
    const t0 = Date.now();
    // Bob starts later by the clock, though he reconnects first.
    expect(startSprint(bobC.doc, at(bobC, t0 + 60_000), s2).state).toBe('active');
    expect(startSprint(annC.doc, at(annC, t0), s1).state).toBe('active');
    const bobBack = connect(bob, bobC.doc);
    await bobBack.synced;
    await bobBack.acked();
    const annBack = connect(ann, annC.doc);
    await annBack.synced;
    await annBack.acked();
    const bothStarted = (d: Y.Doc) => readSprints(d, P).every((s) => s.start !== null);
    await until(bobC.doc, bothStarted);
    await until(annC.doc, bothStarted);
    for (const doc of [annC.doc, bobC.doc, await freshView(server.wsUrl, bob.token, ws)]) {
      expect(readSprint(doc, s1)).toMatchObject({ state: 'active', startLost: false });
      expect(readSprint(doc, s2)).toMatchObject({ state: 'planned', startLost: true });
    }

    // Ann completes the winner; Bob's lost start is cleared with it, everywhere.
    completeSprint(annC.doc, annC.editor, s1, null);
    await annC.acked();
    await until(bobC.doc, (d) => readSprint(d, s1)?.state === 'closed');
    for (const doc of [annC.doc, bobC.doc, await freshView(server.wsUrl, bob.token, ws)]) {
      expect(readSprint(doc, s2)).toMatchObject({ state: 'planned', start: null, startLost: false });
    }
    expect(startSprint(bobC.doc, bobC.editor, s2).state).toBe('active');
    await bobBack.acked();
    expect([...annBack.stateless, ...bobBack.stateless]).toEqual([]);
  });
});
