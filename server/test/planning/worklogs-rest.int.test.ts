/**
 * Issue 11 REST: estimates and worklogs (SPEC M23). Logging work counts the remaining estimate
 * down unless the request sets it; only the author edits or deletes a worklog (403 otherwise);
 * durations and estimates out of range are refused with 400 before anything is written.
 */
import { readWorklogs } from '@taskflow/model';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addMember, call, createWorkspace, type Session, signUp } from '../helpers/auth.ts';
import { connectClient, type TestClient, until } from '../helpers/client.ts';
import { startTestServer, type TestServer } from '../helpers/in-process.ts';

const HOUR = 3600;

describe('estimates and worklogs over REST', () => {
  let server: TestServer;
  let ann: Session;
  let bob: Session;
  let vic: Session;
  let ws: string;
  let projectId: string;
  let board: TestClient;

  beforeAll(async () => {
    server = await startTestServer();
    ann = await signUp(server.url, { name: 'Ann' });
    bob = await signUp(server.url, { name: 'Bob' });
    vic = await signUp(server.url, { name: 'Vic' });
    ws = await createWorkspace(ann, 'Time');
    await addMember(ann, ws, bob, 'member');
    await addMember(ann, ws, vic, 'viewer');
    const p = await call(server.url, 'POST', '/projects', {
      token: ann.accessToken,
      body: { workspaceId: ws, name: 'Ops', key: 'OPS', estimationUnit: 'hours' },
    });
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

  test('estimates are set on create and patch; the remaining estimate goes down as work is logged', async () => {
    const t = await api('POST', '/tasks', {
      projectId,
      title: 'Migrate DB',
      originalEstimateSeconds: 10 * HOUR,
    });
    expect(t.body.task).toMatchObject({
      originalEstimateSeconds: 10 * HOUR,
      remainingEstimateSeconds: 10 * HOUR,
      timeSpentSeconds: 0,
    });
    expect(t.body.task).not.toHaveProperty('remainingSetSpent');
    const id = t.body.task.id as string;

    const first = await api('POST', `/tasks/${id}/worklogs`, {
      seconds: 2 * HOUR,
      startedAt: '2025-03-02T09:00:00.000Z',
      note: 'schema',
    });
    expect(first.status).toBe(201);
    expect(first.body.worklog).toMatchObject({
      taskId: id,
      authorId: ann.user.id,
      seconds: 2 * HOUR,
      startedAt: '2025-03-02T09:00:00.000Z',
      note: 'schema',
      workspaceId: ws,
    });
    expect(first.body.task).toMatchObject({ remainingEstimateSeconds: 8 * HOUR, timeSpentSeconds: 2 * HOUR });

    const second = await api('POST', `/tasks/${id}/worklogs`, { seconds: HOUR }, bob);
    expect(second.status).toBe(201);
    expect(second.body.task).toMatchObject({
      remainingEstimateSeconds: 7 * HOUR,
      timeSpentSeconds: 3 * HOUR,
    });

    // Setting the remaining estimate while logging: it is what was set, then counts down from there.
    const set = await api('POST', `/tasks/${id}/worklogs`, {
      seconds: HOUR,
      remainingEstimateSeconds: 4 * HOUR,
    });
    expect(set.body.task).toMatchObject({ remainingEstimateSeconds: 4 * HOUR, timeSpentSeconds: 4 * HOUR });
    await api('POST', `/tasks/${id}/worklogs`, { seconds: HOUR });
    const read = await api('GET', `/tasks/${id}`, undefined, vic);
    expect(read.body.task).toMatchObject({
      originalEstimateSeconds: 10 * HOUR,
      remainingEstimateSeconds: 3 * HOUR,
      timeSpentSeconds: 5 * HOUR,
    });

    // PATCH sets the remaining estimate directly; it never goes below 0.
    const patched = await api('PATCH', `/tasks/${id}`, { remainingEstimateSeconds: HOUR });
    expect(patched.body.task.remainingEstimateSeconds).toBe(HOUR);
    const over = await api('POST', `/tasks/${id}/worklogs`, { seconds: 3 * HOUR });
    expect(over.body.task).toMatchObject({ remainingEstimateSeconds: 0, timeSpentSeconds: 8 * HOUR });

    const list = await api('GET', `/tasks/${id}/worklogs`, undefined, vic);
    expect(list.status).toBe(200);
    expect(list.body.worklogs).toHaveLength(5);
    expect(list.body.worklogs[0]).toMatchObject({ note: 'schema', authorId: ann.user.id });
    await until(board.doc, (doc) => readWorklogs(doc, id).length === 5);
  });

  test('only the author edits or deletes a worklog (403 otherwise); deleting stops it counting', async () => {
    const t = await api('POST', '/tasks', { projectId, title: 'Review', originalEstimateSeconds: 4 * HOUR });
    const id = t.body.task.id as string;
    const mine = (await api('POST', `/tasks/${id}/worklogs`, { seconds: HOUR, note: 'first pass' })).body
      .worklog.id as string;

    const bobEdits = await api('PATCH', `/worklogs/${mine}`, { note: 'mine now' }, bob);
    expect(bobEdits.status).toBe(403);
    expect(bobEdits.body.error.message).toMatch(/author/);
    expect((await api('DELETE', `/worklogs/${mine}`, undefined, bob)).status).toBe(403);
    expect((await api('PATCH', `/worklogs/${mine}`, { note: 'x' }, vic)).status).toBe(403);
    expect((await api('POST', `/tasks/${id}/worklogs`, { seconds: 60 }, vic)).status).toBe(403);

    const edited = await api('PATCH', `/worklogs/${mine}`, { seconds: 2 * HOUR, note: 'two passes' });
    expect(edited.status).toBe(200);
    expect(edited.body.worklog).toMatchObject({
      seconds: 2 * HOUR,
      note: 'two passes',
      editedAt: expect.any(String),
    });
    expect((await api('GET', `/tasks/${id}`)).body.task).toMatchObject({
      timeSpentSeconds: 2 * HOUR,
      remainingEstimateSeconds: 2 * HOUR,
    });

    expect((await api('DELETE', `/worklogs/${mine}`)).status).toBe(204);
    expect((await api('GET', `/tasks/${id}/worklogs`)).body.worklogs).toEqual([]);
    expect((await api('GET', `/tasks/${id}`)).body.task).toMatchObject({
      timeSpentSeconds: 0,
      remainingEstimateSeconds: 4 * HOUR,
    });
    // Gone: edits and deletes find nothing.
    expect((await api('PATCH', `/worklogs/${mine}`, { note: 'x' })).status).toBe(404);
    expect((await api('DELETE', `/worklogs/${mine}`)).status).toBe(404);
    expect((await api('DELETE', '/worklogs/nope')).status).toBe(404);
    expect((await api('GET', '/tasks/nope/worklogs')).status).toBe(404);
    expect((await api('POST', '/tasks/nope/worklogs', { seconds: 60 })).status).toBe(404);
  });

  test('negative or absurd durations and estimates are 400, and nothing is written', async () => {
    const t = await api('POST', '/tasks', { projectId, title: 'Bounds' });
    const id = t.body.task.id as string;
    const week = 7 * 24 * HOUR;
    for (const body of [
      { seconds: 0 },
      { seconds: -60 },
      { seconds: 1.5 },
      { seconds: week + 1 },
      { seconds: '60' },
      { seconds: 60, startedAt: 'yesterday' },
      { seconds: 60, remainingEstimateSeconds: -1 },
      { seconds: 60, note: 'n'.repeat(2001) },
      { seconds: 60, taskId: 'other' },
      {},
    ]) {
      const res = await api('POST', `/tasks/${id}/worklogs`, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect((await api('POST', `/tasks/${id}/worklogs`, { seconds: week })).status).toBe(201);
    const wid = (await api('GET', `/tasks/${id}/worklogs`)).body.worklogs[0].id;
    expect((await api('PATCH', `/worklogs/${wid}`, { seconds: 0 })).status).toBe(400);
    expect((await api('PATCH', `/worklogs/${wid}`, { seconds: week + 1 })).status).toBe(400);
    expect((await api('PATCH', `/worklogs/${wid}`, { authorId: bob.user.id })).status).toBe(400);

    for (const body of [
      { originalEstimateSeconds: -1 },
      { originalEstimateSeconds: 36_000_001 },
      { remainingEstimateSeconds: 0.5 },
      { remainingEstimateSeconds: -3600 },
    ]) {
      expect({ body, status: (await api('PATCH', `/tasks/${id}`, body)).status }).toEqual({
        body,
        status: 400,
      });
      const created = await api('POST', '/tasks', { projectId, title: 'x', ...body });
      expect({ body, status: created.status }).toEqual({ body, status: 400 });
    }
    expect((await api('GET', `/tasks/${id}`)).body.task).toMatchObject({
      originalEstimateSeconds: null,
      remainingEstimateSeconds: null,
      timeSpentSeconds: week,
    });
    expect((await api('GET', `/tasks/${id}/worklogs`)).body.worklogs).toHaveLength(1);
  });
});
