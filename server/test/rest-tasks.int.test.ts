/**
 * Must-show 7 (issue 3): a task created or moved over REST appears on an open board within a
 * second; plus the REST edges: malformed JSON, an oversized body, the wrong workspace, an expired
 * token, filters, comments, names, and who wrote each stored update.
 */
import path from 'node:path';
import { readBoard, readPeople, readTask } from '@taskflow/model';
import Database from 'better-sqlite3';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ACCESS_TYP, AUDIENCE, ISSUER } from '../src/auth/access-tokens.ts';
import { loadOrCreateSigningKey } from '../src/auth/signing-key.ts';
import { call, createWorkspace, type Session, signUp } from './helpers/auth.ts';
import { connectClient, type TestClient, until } from './helpers/client.ts';
import { startTestServer, type TestServer } from './helpers/in-process.ts';

describe('projects and tasks over REST', () => {
  let server: TestServer;
  let ann: Session;
  let bob: Session;
  let ws: string;
  let projectId: string;
  let board: TestClient;

  beforeAll(async () => {
    server = await startTestServer();
    ann = await signUp(server.url, { name: 'Ann' });
    bob = await signUp(server.url, { name: 'Bob' });
    ws = await createWorkspace(ann, 'Acme');
    const p = await call(server.url, 'POST', '/projects', {
      token: ann.accessToken,
      body: { workspaceId: ws, name: 'Web Site' },
    });
    expect(p.status).toBe(201);
    expect(p.body.project).toMatchObject({ workspaceId: ws, name: 'Web Site', key: 'WS' });
    expect(p.body.project.columns.map((c: { name: string }) => c.name)).toEqual([
      'To Do',
      'In Progress',
      'Done',
    ]);
    projectId = p.body.project.id;
    board = connectClient(server.wsUrl, { name: ws, token: ann.token });
    await board.synced;
  });
  afterAll(async () => {
    board?.destroy();
    await server?.close();
  });

  const api = (method: string, p: string, body?: unknown, who: Session = ann) =>
    call(server.url, method, p, { token: who.accessToken, body });

  test('a task created over REST is on the open board within a second, with the author’s name', async () => {
    const t0 = performance.now();
    const res = await api('POST', '/tasks', {
      projectId,
      title: 'Write the API docs',
      priority: 'high',
      labels: ['docs'],
    });
    expect(res.status).toBe(201);
    const id = res.body.task.id as string;
    expect(res.body.task).toMatchObject({
      title: 'Write the API docs',
      workspaceId: ws,
      columnId: `${projectId}:col1`,
      createdBy: ann.user.id,
    });
    await until(board.doc, (doc) => readTask(doc, id) !== undefined);
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(readPeople(board.doc)[ann.user.id]).toBe('Ann');
  });

  test('a move over REST is on the open board within a second; index defaults to the end of the column', async () => {
    const a = (await api('POST', '/tasks', { projectId, title: 'A', columnId: `${projectId}:col2` })).body
      .task.id;
    const b = (await api('POST', '/tasks', { projectId, title: 'B' })).body.task.id;
    const t0 = performance.now();
    const moved = await api('PATCH', `/tasks/${b}`, { columnId: `${projectId}:col2` });
    expect(moved.body.task.columnId).toBe(`${projectId}:col2`);
    await until(board.doc, (doc) => readTask(doc, b)?.columnId === `${projectId}:col2`);
    expect(performance.now() - t0).toBeLessThan(1_000);
    const inProgress = () => readBoard(board.doc, projectId)?.columns[1]?.tasks.map((t) => t.id);
    expect(inProgress()).toEqual([a, b]);
    await api('PATCH', `/tasks/${b}`, { index: 0 });
    await until(board.doc, () => inProgress()?.[0] === b);
    // Archive and restore; fields.
    expect((await api('PATCH', `/tasks/${a}`, { archived: true, estimate: 3 })).body.task).toMatchObject({
      estimate: 3,
    });
    expect(
      (await api('GET', `/projects/${projectId}/tasks`)).body.tasks.map((t: { id: string }) => t.id),
    ).not.toContain(a);
    expect(
      (await api('GET', `/projects/${projectId}/tasks?archived=true`)).body.tasks.map(
        (t: { id: string }) => t.id,
      ),
    ).toEqual([a]);
    expect((await api('PATCH', `/tasks/${a}`, { archived: false })).body.task.archivedAt).toBeNull();
  });

  test('listing filters by column, priority, label and title', async () => {
    const list = async (q: string) =>
      ((await api('GET', `/projects/${projectId}/tasks${q}`)).body.tasks as { title: string }[]).map(
        (t) => t.title,
      );
    expect(await list('?label=docs')).toEqual(['Write the API docs']);
    expect(await list('?priority=high')).toEqual(['Write the API docs']);
    expect(await list('?q=api')).toEqual(['Write the API docs']);
    expect(await list(`?column=${encodeURIComponent(`${projectId}:col2`)}`)).toEqual(['B', 'A']);
    expect((await api('GET', `/projects/${projectId}/tasks?priority=urgent`)).status).toBe(400);
  });

  test('comments', async () => {
    const id = (await api('POST', '/tasks', { projectId, title: 'Discuss' })).body.task.id;
    const c = await api('POST', `/tasks/${id}/comments`, { body: 'Looks good' });
    expect(c.status).toBe(201);
    expect(c.body.comment).toMatchObject({ taskId: id, body: 'Looks good', authorId: ann.user.id });
    expect((await api('GET', `/tasks/${id}/comments`)).body.comments).toHaveLength(1);
    expect((await api('POST', `/tasks/${id}/comments`, { body: '   ' })).status).toBe(400);
  });

  test('clear errors: malformed JSON, oversized body, unknown fields, wrong workspace, expired token', async () => {
    const bad = await call(server.url, 'POST', '/tasks', {
      token: ann.accessToken,
      rawBody: '{"projectId": ',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_json');
    const big = await call(server.url, 'POST', '/tasks', {
      token: ann.accessToken,
      rawBody: JSON.stringify({ projectId, title: 'x', description: 'y'.repeat(1024 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
    const extra = await api('POST', '/tasks', { projectId, title: 'x', createdBy: 'someone' });
    expect(extra.status).toBe(400);
    expect(extra.body.error).toMatchObject({
      code: 'invalid_input',
      details: [{ path: '', message: expect.any(String) }],
    });
    // Bob is not in Ann's workspace: her project and tasks do not exist for him.
    const task = (await api('POST', '/tasks', { projectId, title: 'private' })).body.task.id;
    for (const [m, p, body] of [
      ['GET', `/projects/${projectId}`],
      ['GET', `/tasks/${task}`],
      ['PATCH', `/tasks/${task}`, { title: 'mine now' }],
      ['POST', '/tasks', { projectId, title: 'sneaky' }],
      ['POST', '/projects', { workspaceId: ws, name: 'sneaky' }],
      ['GET', `/workspaces/${ws}/members`],
    ] as const) {
      const res = await api(m, p, body, bob);
      expect({ p, status: res.status, body: res.body }).toEqual({
        p,
        status: 404,
        body: { error: { code: 'not_found', message: expect.any(String) } },
      });
    }
    // The same 404 as a workspace that does not exist at all.
    const missing = await api('GET', '/workspaces/no-such-workspace/members', undefined, bob);
    const notMine = await api('GET', `/workspaces/${ws}/members`, undefined, bob);
    expect(missing.body).toEqual(notMine.body);
    // A column of another project.
    expect((await api('PATCH', `/tasks/${task}`, { columnId: 'first:col1' })).status).toBe(404);
    // Expired: signed by the server's key, but 15 minutes old.
    const key = await loadOrCreateSigningKey(server.dataDir);
    const then = Math.floor(Date.now() / 1000) - 16 * 60;
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', typ: ACCESS_TYP, kid: key.kid })
      .setSubject(ann.user.id)
      .setJti(crypto.randomUUID())
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(then)
      .setNotBefore(then)
      .setExpirationTime(then + 900)
      .sign(key.privateKey);
    const old = await call(server.url, 'GET', '/workspaces', { token: expired });
    expect(old.status).toBe(401);
    expect(old.body.error.code).toBe('unauthenticated');
    expect(old.headers.get('www-authenticate')).toBe('Bearer');
  });

  test('the seeded project "first" is in every workspace: workspaceId picks one', async () => {
    const ambiguous = await api('GET', '/projects/first');
    expect(ambiguous.status).toBe(409);
    const one = await api('GET', `/projects/first?workspaceId=${ws}`);
    expect(one.body.project).toMatchObject({ id: 'first', workspaceId: ws });
    const t = await api('POST', '/tasks', { projectId: 'first', workspaceId: ws, title: 'in first' });
    expect(t.body.task.workspaceId).toBe(ws);
    // Bob has only the one workspace... none, in fact: and gets the plain 404.
    expect((await api('GET', '/projects/first', undefined, bob)).status).toBe(404);
  });

  test('each stored update records who sent it: the REST user, the provider’s user, or the server (null)', async () => {
    const db = new Database(path.join(server.dataDir, 'taskflow.sqlite'), { readonly: true });
    try {
      const lastId = () => (db.prepare('SELECT MAX(id) AS id FROM updates').get() as { id: number }).id;
      const since = lastId();
      await api('POST', '/tasks', { projectId, title: 'by REST' });
      const { addMember } = await import('./helpers/auth.ts');
      await addMember(ann, ws, bob, 'member');
      const bobsBoard = connectClient(server.wsUrl, { name: ws, token: bob.token });
      try {
        await bobsBoard.synced;
        await until(board.doc, (doc) => readPeople(doc)[bob.user.id] === 'Bob');
        const { createTask } = await import('@taskflow/model');
        createTask(bobsBoard.doc, bobsBoard.editor, { projectId, title: 'by the board' });
        await bobsBoard.acked();
      } finally {
        bobsBoard.destroy();
      }
      const users = (
        db
          .prepare('SELECT user_id AS userId FROM updates WHERE document = ? AND id > ? ORDER BY id')
          .all(ws, since) as {
          userId: string | null;
        }[]
      ).map((r) => r.userId);
      // REST write (Ann), its number given by the server (null, SPEC M21), Bob's name written by
      // the server on connect (null), Bob's edit (Bob), its number (null).
      expect(users).toEqual([ann.user.id, null, null, bob.user.id, null]);
    } finally {
      db.close();
    }
  });
});
