/**
 * Issue 13: every list route answers a page (`limit`, default 100, at most 500) and an opaque
 * `nextCursor` (null on the last page), keyset on a stable order: following the cursors gives each
 * item once, in the order of the whole list, also while items are added between pages; the first
 * page of a short list is the whole list, as before paging; a cursor that is not ours is a 400.
 */
import { createTask, liveColumns, readColumns, readPlan, taskWalks } from '@taskflow/model';
import { type RunningServer, startServer } from '@taskflow/server';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type * as Y from 'yjs';
import { DATABASE_FILE } from '../src/persistence/database.ts';
import { addMember, call, createWorkspace, type Session, signUp } from './helpers/auth.ts';
import { connectClient, type TestClient, until } from './helpers/client.ts';
import { startTestServer, type TestServer } from './helpers/in-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

type Listed = { id?: string | number; userId?: string; title?: string };

describe('list routes page by cursor (issue 13)', () => {
  let server: TestServer;
  let ann: Session;
  let ws: string;
  let projectId: string;
  let cols: string[];

  beforeAll(async () => {
    server = await startTestServer();
    ann = await signUp(server.url, { name: 'Ann' });
    ws = await createWorkspace(ann, 'Paging');
    const p = await api('POST', '/projects', { workspaceId: ws, name: 'Web', key: 'WEB', mode: 'scrum' });
    projectId = p.body.project.id;
    cols = p.body.project.columns.map((c: { id: string }) => c.id);
  });
  afterAll(async () => {
    await server?.close();
  });

  const api = (method: string, p: string, body?: unknown, who: Session = ann) =>
    call(server.url, method, p, { token: who.accessToken, body });

  const join = (p: string, q: string) => `${p}${p.includes('?') ? '&' : '?'}${q}`;

  /** Follows nextCursor from the first page; `between` runs after each page (to add items). */
  async function follow(
    path: string,
    field: string,
    limit: number,
    between: (page: number) => Promise<void> = async () => {},
  ): Promise<{ items: Listed[]; pages: number }> {
    const items: Listed[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url = join(path, `limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      const res = await api('GET', url);
      expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBe(200);
      const page = res.body[field] as Listed[];
      expect(page.length).toBeLessThanOrEqual(limit);
      items.push(...page);
      cursor = res.body.nextCursor;
      pages += 1;
      if (cursor !== null) expect(page.length).toBe(limit);
      await between(pages);
    } while (cursor !== null && pages < 100);
    return { items, pages };
  }

  const ids = (xs: Listed[]) => xs.map((x) => x.id ?? x.userId);

  async function newTask(title: string, columnId?: string, extra: object = {}) {
    const res = await api('POST', '/tasks', {
      projectId,
      title,
      ...(columnId ? { columnId } : {}),
      ...extra,
    });
    expect(res.status).toBe(201);
    return res.body.task.id as string;
  }

  test('tasks: the first page of a short list is the whole list in board order, nextCursor null', async () => {
    for (let i = 0; i < 24; i++) await newTask(`t${i}`, cols[i % 3], i % 4 === 0 ? { priority: 'high' } : {});
    const all = await api('GET', `/projects/${projectId}/tasks`);
    expect(all.status).toBe(200);
    expect(all.body.tasks).toHaveLength(24);
    expect(all.body.nextCursor).toBeNull();
    // Board order: the columns in order, each in rank order (created at the bottom: creation order).
    const byCol = (c: number) =>
      Array.from({ length: 24 }, (_, i) => i)
        .filter((i) => i % 3 === c)
        .map((i) => `t${i}`);
    expect(all.body.tasks.map((t: Listed) => t.title)).toEqual([...byCol(0), ...byCol(1), ...byCol(2)]);
  });

  test('tasks: pages of 5 give the whole list once, in order; a filter pages within its matches', async () => {
    const whole = (await api('GET', `/projects/${projectId}/tasks?limit=500`)).body.tasks as Listed[];
    const paged = await follow(`/projects/${projectId}/tasks`, 'tasks', 5);
    expect(ids(paged.items)).toEqual(ids(whole));
    expect(paged.pages).toBe(5);
    const high = (await api('GET', `/projects/${projectId}/tasks?priority=high`)).body.tasks as Listed[];
    expect(high).toHaveLength(6);
    expect(ids((await follow(`/projects/${projectId}/tasks?priority=high`, 'tasks', 4)).items)).toEqual(
      ids(high),
    );
    const second = (await api('GET', `/projects/${projectId}/tasks?column=${cols[1]}`)).body
      .tasks as Listed[];
    expect(ids((await follow(`/projects/${projectId}/tasks?column=${cols[1]}`, 'tasks', 3)).items)).toEqual(
      ids(second),
    );
  });

  test('tasks: tasks added between pages never make one appear twice or go missing', async () => {
    const before = ids((await api('GET', `/projects/${projectId}/tasks?limit=500`)).body.tasks);
    const added: string[] = [];
    const { items } = await follow(`/projects/${projectId}/tasks`, 'tasks', 4, async (page) => {
      // One at the bottom of each column, and one at the top of the first, between every page.
      for (const col of cols) added.push(await newTask(`added ${page} ${col}`, col));
      const top = await newTask(`top ${page}`, cols[0]);
      expect((await api('PATCH', `/tasks/${top}`, { columnId: cols[0], index: 0 })).status).toBe(200);
      added.push(top);
    });
    const seen = ids(items);
    expect(new Set(seen).size).toBe(seen.length);
    // Every task there before is seen once, in the order it had.
    expect(seen.filter((id) => before.includes(id))).toEqual(before);
    // What was added in the last column is always ahead of the cursor: seen.
    expect(seen.filter((id) => !before.includes(id)).length).toBeGreaterThan(0);
  });

  test('tasks: archived ones page too', async () => {
    const a = await newTask('to archive 1', cols[2]);
    const b = await newTask('to archive 2', cols[0]);
    for (const id of [a, b])
      expect((await api('PATCH', `/tasks/${id}`, { archived: true })).status).toBe(200);
    const whole = (await api('GET', `/projects/${projectId}/tasks?archived=true`)).body.tasks as Listed[];
    expect(ids(whole)).toEqual([b, a]);
    expect(ids((await follow(`/projects/${projectId}/tasks?archived=true`, 'tasks', 1)).items)).toEqual([
      b,
      a,
    ]);
  });

  test('limit bounds and foreign or broken cursors are a 400 that says what is wrong', async () => {
    const list = `/projects/${projectId}/tasks`;
    for (const bad of ['limit=0', 'limit=501', 'limit=ten', 'limit=2.5']) {
      const res = await api('GET', `${list}?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
      expect(res.body.error.details[0].path).toBe('limit');
    }
    expect((await api('GET', `${list}?limit=500`)).status).toBe(200);
    expect((await api('GET', `${list}?limit=1`)).body.tasks).toHaveLength(1);
    const first = await api('GET', `/projects/${projectId}/sprints?limit=1`);
    const tasksCursor = (await api('GET', `${list}?limit=1`)).body.nextCursor as string;
    const garbage = [
      'not-a-cursor',
      Buffer.from('[1,2').toString('base64url'),
      Buffer.from(JSON.stringify(['tasks', 'x', 'y'])).toString('base64url'),
      Buffer.from(JSON.stringify(['comments', '2026', 'id'])).toString('base64url'),
    ];
    for (const cursor of garbage) {
      const res = await api('GET', `${list}?cursor=${cursor}`);
      expect(res.status, cursor).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_input' });
      expect(res.body.error.message).toMatch(/cursor/);
    }
    // A tasks cursor is no other list's cursor.
    for (const other of [`/projects/${projectId}/backlog`, `/workspaces/${ws}/members`, '/workspaces']) {
      expect((await api('GET', `${other}?cursor=${tasksCursor}`)).status, other).toBe(400);
    }
    expect(first.status).toBe(200);
  });

  test("backlog, sprints, a task's comments and worklogs page in their order", async () => {
    const backlog = (await api('GET', `/projects/${projectId}/backlog?limit=500`)).body.tasks as Listed[];
    expect(backlog.length).toBeGreaterThan(20);
    expect(ids((await follow(`/projects/${projectId}/backlog`, 'tasks', 7)).items)).toEqual(ids(backlog));

    for (let i = 0; i < 5; i++)
      expect((await api('POST', `/projects/${projectId}/sprints`, { name: `Sprint ${i}` })).status).toBe(201);
    const sprints = (await api('GET', `/projects/${projectId}/sprints`)).body;
    expect(sprints.sprints.map((s: { name: string }) => s.name)).toEqual(
      [0, 1, 2, 3, 4].map((i) => `Sprint ${i}`),
    );
    expect(sprints.nextCursor).toBeNull();
    expect(ids((await follow(`/projects/${projectId}/sprints`, 'sprints', 2)).items)).toEqual(
      ids(sprints.sprints),
    );

    const task = await newTask('talked about');
    for (let i = 0; i < 5; i++) {
      expect((await api('POST', `/tasks/${task}/comments`, { body: `c${i}` })).status).toBe(201);
      expect((await api('POST', `/tasks/${task}/worklogs`, { seconds: 60 * (i + 1) })).status).toBe(201);
    }
    const comments = (await api('GET', `/tasks/${task}/comments`)).body;
    expect(comments.comments.map((c: { body: string }) => c.body)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(comments.nextCursor).toBeNull();
    const pagedComments = await follow(`/tasks/${task}/comments`, 'comments', 2, async () => {
      await api('POST', `/tasks/${task}/comments`, { body: 'later' });
    });
    const later = ids(pagedComments.items);
    expect(later.slice(0, 5)).toEqual(ids(comments.comments));
    expect(new Set(later).size).toBe(later.length);
    const worklogs = (await api('GET', `/tasks/${task}/worklogs`)).body.worklogs as Listed[];
    expect(worklogs).toHaveLength(5);
    expect(ids((await follow(`/tasks/${task}/worklogs`, 'worklogs', 2)).items)).toEqual(ids(worklogs));
  });

  test('members, invitations and my workspaces page in their order', async () => {
    for (let i = 0; i < 3; i++)
      await addMember(ann, ws, await signUp(server.url, { name: `M${i}` }), 'member');
    for (let i = 0; i < 3; i++)
      expect(
        (await api('POST', `/workspaces/${ws}/invite`, { email: `x${i}@example.com`, role: 'viewer' }))
          .status,
      ).toBe(201);
    const members = (await api('GET', `/workspaces/${ws}/members`)).body;
    expect(members.members).toHaveLength(4);
    expect(members.nextCursor).toBeNull();
    expect(members.members[0].userId).toBe(ann.user.id);
    expect(ids((await follow(`/workspaces/${ws}/members`, 'members', 1)).items)).toEqual(
      ids(members.members),
    );
    const invitations = (await api('GET', `/workspaces/${ws}/invitations`)).body.invitations as Listed[];
    expect(invitations).toHaveLength(3);
    expect(ids((await follow(`/workspaces/${ws}/invitations`, 'invitations', 2)).items)).toEqual(
      ids(invitations),
    );

    for (let i = 0; i < 4; i++) await createWorkspace(ann, `More ${i}`);
    const mine = (await api('GET', '/workspaces')).body.workspaces as Listed[];
    expect(mine.length).toBeGreaterThanOrEqual(5);
    expect(ids((await follow('/workspaces', 'workspaces', 2)).items)).toEqual(ids(mine));
  });

  test('dead letters page newest first', async () => {
    const db = new Database(`${server.dataDir}/${DATABASE_FILE}`);
    try {
      db.pragma('busy_timeout = 5000');
      const insert = db.prepare(
        `INSERT INTO outbox (idempotency_key, kind, user_id, payload, created_at, attempts, next_attempt_at, dead_at, last_error, workspace_id)
         VALUES (?, 'system', ?, '{"subject":"s","message":"m","link":null}', 1, 8, NULL, ?, '550 mailbox full', ?)`,
      );
      // Two share a dead_at: the id orders them.
      for (const [i, at] of [10, 20, 20, 30, 40].entries()) insert.run(`dead-page-${i}`, ann.user.id, at, ws);
    } finally {
      db.close();
    }
    const all = (await api('GET', '/admin/dead-letters')).body;
    expect(all.deadLetters).toHaveLength(5);
    expect(all.nextCursor).toBeNull();
    const deadAts = all.deadLetters.map((d: { deadAt: string }) => Date.parse(d.deadAt));
    expect(deadAts).toEqual([40, 30, 20, 20, 10]);
    const paged = await follow('/admin/dead-letters', 'deadLetters', 2);
    expect(paged.items.map((d) => d.id)).toEqual(all.deadLetters.map((d: { id: number }) => d.id));
    expect((await api('GET', '/admin/dead-letters?cursor=nope')).status).toBe(400);
  });
});

describe('a page of GET /projects/:id/tasks or /backlog reads the page, not the workspace (issue 13)', () => {
  const TASKS = 1_200;
  const dir = tempDir('paging-walks');
  let server: RunningServer;
  let ann: Session;
  let client: TestClient;
  let serverDoc: Y.Doc;
  let projectId: string;

  beforeAll(async () => {
    server = await startServer({ port: 0, dataDir: dir.path });
    ann = await signUp(server.url, { name: 'Ann' });
    const ws = await createWorkspace(ann, 'Big');
    const p = await call(server.url, 'POST', '/projects', {
      token: ann.accessToken,
      body: { workspaceId: ws, name: 'Large' },
    });
    projectId = p.body.project.id;
    client = connectClient(`${server.url.replace('http', 'ws')}/sync`, { name: ws, token: ann.token });
    await client.synced;
    const cols = liveColumns(readColumns(client.doc, projectId)).map((c) => c.id);
    client.doc.transact(() => {
      for (let i = 0; i < TASKS; i++)
        createTask(client.doc, client.editor, {
          projectId,
          columnId: cols[i % 3] as string,
          title: `task ${i}`,
        });
    });
    await client.acked();
    serverDoc = server.document(ws) as Y.Doc;
    await until(serverDoc, (d) => d.getMap('tasks').size >= TASKS);
  }, 60_000);
  afterAll(async () => {
    client?.destroy();
    await server?.close();
    dir.remove();
  });

  test('after the index is built, paging through every task and filtering a page make no walk over the tasks', async () => {
    const get = (p: string) => call(server.url, 'GET', p, { token: ann.accessToken });
    expect((await get(`/projects/${projectId}/tasks?limit=10`)).status).toBe(200);
    const before = taskWalks(serverDoc);
    let cursor: string | null = null;
    let seen = 0;
    do {
      const res = await get(`/projects/${projectId}/tasks?limit=250${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen += res.body.tasks.length;
      cursor = res.body.nextCursor;
    } while (cursor !== null);
    expect(seen).toBe(TASKS);
    expect((await get(`/projects/${projectId}/tasks?q=task%2011&limit=5`)).body.tasks).toHaveLength(5);
    // The backlog too: its pages follow the index's plan order.
    cursor = null;
    seen = 0;
    do {
      const res = await get(`/projects/${projectId}/backlog?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen += res.body.tasks.length;
      cursor = res.body.nextCursor;
    } while (cursor !== null);
    expect(seen).toBe(TASKS);
    expect(taskWalks(serverDoc) - before).toBe(0);
  });

  test('the backlog pages exactly what readPlan lists, with open, active and completed sprints', async () => {
    const api = (method: string, p: string, body?: unknown) =>
      call(server.url, method, p, { token: ann.accessToken, body });
    expect((await api('PATCH', `/projects/${projectId}`, { mode: 'scrum' })).status).toBe(200);
    const cols = liveColumns(readColumns(serverDoc, projectId)).map((c) => c.id);
    const tasks = (await api('GET', `/projects/${projectId}/tasks?limit=60`)).body.tasks as { id: string }[];
    const s1 = (await api('POST', `/projects/${projectId}/sprints`, { name: 'S1' })).body.sprint.id;
    const s2 = (await api('POST', `/projects/${projectId}/sprints`, { name: 'S2' })).body.sprint.id;
    for (const [i, t] of tasks.entries()) {
      const sprintId = i < 30 ? s1 : i < 40 ? s2 : undefined;
      if (sprintId) expect((await api('PATCH', `/tasks/${t.id}`, { sprintId })).status).toBe(200);
    }
    expect((await api('POST', `/sprints/${s1}/start`)).status).toBe(200);
    for (const t of tasks.slice(0, 10))
      expect((await api('PATCH', `/tasks/${t.id}`, { columnId: cols[2] })).status).toBe(200);
    expect((await api('POST', `/sprints/${s1}/complete`, { moveOpenTo: 'backlog' })).status).toBe(200);
    // Reopened after the completion: back in the backlog. Archived: in no list.
    for (const t of tasks.slice(0, 3))
      expect((await api('PATCH', `/tasks/${t.id}`, { columnId: cols[0] })).status).toBe(200);
    for (const t of tasks.slice(45, 47))
      expect((await api('PATCH', `/tasks/${t.id}`, { archived: true })).status).toBe(200);
    const expected = readPlan(serverDoc, projectId).backlog.map((t) => t.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api(
        'GET',
        `/projects/${projectId}/backlog?limit=97${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      paged.push(...res.body.tasks.map((t: { id: string }) => t.id));
      cursor = res.body.nextCursor;
    } while (cursor !== null);
    expect(paged).toEqual(expected);
    // All but: 10 done in S1 (3 of them reopened since), 10 planned in S2, 2 archived.
    expect(expected).toHaveLength(TASKS - 10 + 3 - 10 - 2);
  }, 60_000);
});
