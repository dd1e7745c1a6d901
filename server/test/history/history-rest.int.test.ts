/**
 * Issue 10 over REST on a real server with real sync clients: every change is kept and shown in
 * the task's and the workspace's activity (who, made when, arrived when, field by field), the board
 * as of a moment, restore as a new edit, purge by the owner, and a clear 400/403/404 for bad input.
 */
import {
  addComment,
  archiveTask,
  createTask,
  deleteComment,
  FIRST_PROJECT_ID,
  moveTask,
  readTask,
  updateTask,
} from '@taskflow/model';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addMember, call, createWorkspace, type Session, signUp } from '../helpers/auth.ts';
import { connectClient, type TestClient, until } from '../helpers/client.ts';
import { startTestServer, type TestServer } from '../helpers/in-process.ts';

const P = FIRST_PROJECT_ID;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: TestServer;
let ann: Session;
let bob: Session;
let vic: Session;
let stranger: Session;
let ws: string;
let annClient: TestClient;
let bobClient: TestClient;

type Item = {
  id: string;
  kind: string;
  taskId: string | null;
  actorId: string | null;
  actorName: string;
  madeAt: string;
  arrivedAt: string;
  offline: boolean;
  changes: { field: string; from: unknown; to: unknown }[];
};

const get = <T = unknown>(who: Session, path: string) =>
  call<T>(server.url, 'GET', path, { token: who.accessToken });
const post = <T = unknown>(who: Session, path: string, body: unknown) =>
  call<T>(server.url, 'POST', path, { token: who.accessToken, body });

beforeAll(async () => {
  server = await startTestServer({ compactEvery: 5, checkpointEvery: 10 });
  ann = await signUp(server.url, { name: 'Ann' });
  bob = await signUp(server.url, { name: 'Bob' });
  vic = await signUp(server.url, { name: 'Vic' });
  stranger = await signUp(server.url, { name: 'Stranger' });
  ws = await createWorkspace(ann, 'History');
  await addMember(ann, ws, bob, 'member');
  await addMember(ann, ws, vic, 'viewer');
  annClient = connectClient(server.wsUrl, { name: ws, token: ann.accessToken });
  bobClient = connectClient(server.wsUrl, { name: ws, token: bob.accessToken });
  await Promise.all([annClient.synced, bobClient.synced]);
});

afterAll(async () => {
  annClient.destroy();
  bobClient.destroy();
  await server.close();
});

describe('history over REST', () => {
  test('a task’s activity lists every change field by field, with who and when, oldest first', async () => {
    const id = createTask(annClient.doc, annClient.editor, { projectId: P, title: 'Plan' });
    await annClient.acked();
    await until(bobClient.doc, (d) => readTask(d, id) !== undefined);
    updateTask(bobClient.doc, bobClient.editor, id, { title: 'Plan the launch', priority: 'high' });
    await bobClient.acked();
    moveTask(annClient.doc, annClient.editor, id, `${P}:col2`, 0);
    await annClient.acked();
    const cid = addComment(bobClient.doc, bobClient.editor, id, 'secret words');
    await bobClient.acked();
    deleteComment(bobClient.doc, bobClient.editor, cid);
    await bobClient.acked();

    const res = await get<{ items: Item[]; nextCursor: string | null }>(
      ann,
      `/tasks/${id}/activity?workspaceId=${ws}`,
    );
    expect(res.status).toBe(200);
    const kinds = res.body.items.map((i) => i.kind);
    expect(kinds).toEqual(['task.created', 'task.updated', 'task.moved', 'comment.added', 'comment.deleted']);
    const [created, updated, moved] = res.body.items as [Item, Item, Item];
    expect(created).toMatchObject({ actorId: ann.user.id, actorName: 'Ann', offline: false });
    expect(updated.actorId).toBe(bob.user.id);
    expect(updated.changes).toEqual([
      { field: 'title', from: 'Plan', to: 'Plan the launch' },
      { field: 'priority', from: 'medium', to: 'high' },
    ]);
    expect(moved.changes[0]).toEqual({ field: 'column', from: `${P}:col1`, to: `${P}:col2` });
    // A deleted comment's text is never shown again, not even in the entry that added it.
    expect(JSON.stringify(res.body)).not.toContain('secret words');
    expect(res.body.nextCursor).toBeNull();

    // Paging: two at a time gives the same list.
    const pages: Item[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : '';
      const page = await get<{ items: Item[]; nextCursor: string | null }>(
        ann,
        `/tasks/${id}/activity?workspaceId=${ws}&limit=2${q}`,
      );
      expect(page.status).toBe(200);
      pages.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pages.map((i) => i.id)).toEqual(res.body.items.map((i) => i.id));
  });

  test('the workspace activity is newest first and filters by person, kind, project and time', async () => {
    const all = await get<{ items: Item[] }>(ann, `/workspaces/${ws}/activity?limit=200`);
    expect(all.status).toBe(200);
    const times = all.body.items.map((i) => Date.parse(i.arrivedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const bobs = await get<{ items: Item[] }>(ann, `/workspaces/${ws}/activity?actorId=${bob.user.id}`);
    expect(bobs.body.items.length).toBeGreaterThan(0);
    expect(bobs.body.items.every((i) => i.actorId === bob.user.id)).toBe(true);
    const comments = await get<{ items: Item[] }>(ann, `/workspaces/${ws}/activity?kind=comment`);
    expect(comments.body.items.map((i) => i.kind).sort()).toEqual(['comment.added', 'comment.deleted']);
    const inProject = await get<{ items: Item[] }>(
      ann,
      `/workspaces/${ws}/activity?projectId=${P}&kind=task`,
    );
    expect(inProject.body.items.length).toBeGreaterThanOrEqual(3);
    const future = new Date(Date.now() + 60_000).toISOString();
    const none = await get<{ items: Item[] }>(ann, `/workspaces/${ws}/activity?since=${future}`);
    expect(none.body.items).toEqual([]);
    // Viewers read history too.
    expect((await get(vic, `/workspaces/${ws}/activity`)).status).toBe(200);
  });

  test('the board as of a moment, and a restore to it as a new edit', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++)
      ids.push(createTask(annClient.doc, annClient.editor, { projectId: P, title: `t${i}` }));
    await annClient.acked();
    await sleep(20);
    const moment = new Date().toISOString();
    await sleep(20);
    await until(bobClient.doc, (d) => ids.every((id) => readTask(d, id) !== undefined));
    for (const id of ids) archiveTask(bobClient.doc, bobClient.editor, id);
    await bobClient.acked();

    const then = await get<{ projects: { columns: { tasks: { id: string; archived: boolean }[] }[] }[] }>(
      ann,
      `/workspaces/${ws}/board?at=${encodeURIComponent(moment)}`,
    );
    expect(then.status).toBe(200);
    const tasksThen = then.body.projects.flatMap((p) => p.columns.flatMap((c) => c.tasks));
    expect(ids.every((id) => tasksThen.find((t) => t.id === id)?.archived === false)).toBe(true);
    const now = await get<{ projects: { columns: { tasks: { id: string; archived: boolean }[] }[] }[] }>(
      ann,
      `/workspaces/${ws}/board`,
    );
    const tasksNow = now.body.projects.flatMap((p) => p.columns.flatMap((c) => c.tasks));
    expect(ids.every((id) => tasksNow.find((t) => t.id === id)?.archived === true)).toBe(true);

    // A member may restore tasks, not the workspace; a viewer nothing; a stranger sees nothing.
    expect((await post(bob, `/workspaces/${ws}/restore`, { at: moment })).status).toBe(403);
    expect((await post(vic, `/workspaces/${ws}/restore`, { at: moment, taskIds: [ids[0]] })).status).toBe(
      403,
    );
    expect((await post(stranger, `/workspaces/${ws}/restore`, { at: moment })).status).toBe(404);
    const one = await post<{ restored: number }>(bob, `/workspaces/${ws}/restore`, {
      at: moment,
      taskIds: [ids[0]],
    });
    expect(one.body).toMatchObject({ restored: 1 });
    const dry = await post<{ restored: number }>(ann, `/workspaces/${ws}/restore`, {
      at: moment,
      dryRun: true,
    });
    expect(dry.body.restored).toBe(5);
    const real = await post<{ restored: number }>(ann, `/workspaces/${ws}/restore`, { at: moment });
    expect(real.body.restored).toBe(5);
    await until(annClient.doc, (d) => ids.every((id) => readTask(d, id)?.archivedAt === null));
    // The restore is in history, by the admin who made it.
    const activity = await get<{ items: Item[] }>(ann, `/tasks/${ids[1]}/activity?workspaceId=${ws}`);
    expect(activity.body.items.at(-1)).toMatchObject({ kind: 'task.restored', actorId: ann.user.id });
  });

  test('bad input gets a clear 400; strangers a 404', async () => {
    const bad = [
      `/workspaces/${ws}/board?at=yesterday`,
      `/workspaces/${ws}/board?at=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`,
      `/workspaces/${ws}/activity?cursor=not-ours`,
      `/workspaces/${ws}/activity?cursor=${Buffer.from('[1,2,3]').toString('base64url')}`,
      `/workspaces/${ws}/activity?limit=0`,
      `/workspaces/${ws}/activity?limit=201`,
      `/workspaces/${ws}/activity?kind=DROP%20TABLE`,
    ];
    for (const path of bad) {
      const res = await get<{ error: { code: string; message: string } }>(ann, path);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
      expect(res.body.error.message.length).toBeGreaterThan(5);
    }
    expect((await post(ann, `/workspaces/${ws}/restore`, { at: 'now' })).status).toBe(400);
    expect((await get(stranger, `/workspaces/${ws}/activity`)).status).toBe(404);
    expect((await get(stranger, `/workspaces/${ws}/board`)).status).toBe(404);
  });

  test('an owner purges old history: the purge is recorded and later moments stay viewable', async () => {
    const before = new Date().toISOString();
    await sleep(20);
    const late = createTask(annClient.doc, annClient.editor, { projectId: P, title: 'after the purge line' });
    await annClient.acked();
    // Compaction (every 5 rows) has to have folded the rows into the snapshot before they can go.
    for (let i = 0; i < 6; i++) updateTask(annClient.doc, annClient.editor, late, { description: `d${i}` });
    await annClient.acked();
    await sleep(50);
    expect((await post(bob, `/workspaces/${ws}/history/purge`, { before })).status).toBe(403);
    const purged = await post<{ rowsDeleted: number }>(ann, `/workspaces/${ws}/history/purge`, { before });
    expect(purged.status).toBe(200);
    expect(purged.body.rowsDeleted).toBeGreaterThan(0);
    const older = await get(
      ann,
      `/workspaces/${ws}/board?at=${encodeURIComponent(new Date(Date.parse(before) - 1000).toISOString())}`,
    );
    expect(older.status).toBe(400);
    const atLine = await get<{ projects: { columns: { tasks: { id: string }[] }[] }[] }>(
      ann,
      `/workspaces/${ws}/board?at=${encodeURIComponent(before)}`,
    );
    expect(atLine.status).toBe(200);
    expect(atLine.body.projects.flatMap((p) => p.columns.flatMap((c) => c.tasks)).length).toBeGreaterThan(5);
    const events = await get<{ items: Item[] }>(ann, `/workspaces/${ws}/activity?kind=history`);
    expect(events.body.items[0]).toMatchObject({ kind: 'history.purged', actorId: ann.user.id });
    const lateActivity = await get<{ items: Item[] }>(ann, `/tasks/${late}/activity?workspaceId=${ws}`);
    expect(lateActivity.body.items[0]?.kind).toBe('task.created');
  });
});
