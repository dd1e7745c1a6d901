/**
 * Issue 14 over REST: DELETE /tasks/:id deletes a task (and its subtasks) for everyone — gone from
 * GET, lists and the open board — viewers may not, and a task's deadline takes a time of day.
 */
import { readTask } from '@taskflow/model';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addMember, call, createWorkspace, type Session, signUp } from './helpers/auth.ts';
import { connectClient, type TestClient, until } from './helpers/client.ts';
import { startTestServer, type TestServer } from './helpers/in-process.ts';

describe('deleting tasks and deadline times over REST', () => {
  let server: TestServer;
  let ann: Session;
  let vic: Session;
  let ws: string;
  let projectId: string;
  let board: TestClient;

  beforeAll(async () => {
    server = await startTestServer();
    ann = await signUp(server.url, { name: 'Ann' });
    vic = await signUp(server.url, { name: 'Vic' });
    ws = await createWorkspace(ann, 'Acme');
    await addMember(ann, ws, vic, 'viewer');
    const p = await call(server.url, 'POST', '/projects', {
      token: ann.accessToken,
      body: { workspaceId: ws, name: 'Web Site' },
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

  test('a deleted task is gone for GET, lists and the open board; its subtask too; a viewer is refused', async () => {
    const parent = (await api('POST', '/tasks', { projectId, title: 'Parent' })).body.task.id as string;
    const child = (await api('POST', '/tasks', { projectId, title: 'Child', parentId: parent })).body.task
      .id as string;
    const kept = (await api('POST', '/tasks', { projectId, title: 'Kept' })).body.task.id as string;
    await until(board.doc, (doc) => readTask(doc, child) !== undefined);

    expect((await api('DELETE', `/tasks/${parent}?workspaceId=${ws}`, undefined, vic)).status).toBe(403);
    expect((await api('DELETE', `/tasks/${parent}`)).status).toBe(204);
    expect((await api('GET', `/tasks/${parent}`)).status).toBe(404);
    expect((await api('GET', `/tasks/${child}`)).status).toBe(404);
    expect((await api('DELETE', `/tasks/${parent}`)).status).toBe(404);
    expect((await api('PATCH', `/tasks/${parent}`, { title: 'back?' })).status).toBe(404);
    expect((await api('POST', `/tasks/${parent}/comments`, { body: 'still there?' })).status).toBe(404);
    expect((await api('GET', `/tasks/${parent}/comments`)).status).toBe(404);
    const list = await api('GET', `/projects/${projectId}/tasks`);
    const titles = (list.body.tasks as { title: string }[]).map((t) => t.title);
    expect(titles).toContain('Kept');
    expect(titles).not.toContain('Parent');
    expect(titles).not.toContain('Child');
    await until(
      board.doc,
      (doc) => readTask(doc, parent) === undefined && readTask(doc, child) === undefined,
    );
    expect(readTask(board.doc, kept)?.title).toBe('Kept');
  });

  test('a deadline takes a time of day in a zone; a bad one is a clear 400', async () => {
    const id = (await api('POST', '/tasks', { projectId, title: 'Due at nine', deadline: '2026-12-24' })).body
      .task.id as string;
    const set = await api('PATCH', `/tasks/${id}`, { deadlineTime: '09:30 Europe/Paris' });
    expect(set.status).toBe(200);
    expect(set.body.task).toMatchObject({ deadline: '2026-12-24', deadlineTime: '09:30 Europe/Paris' });
    const bad = await api('PATCH', `/tasks/${id}`, { deadlineTime: '25:00 Mars/Olympus' });
    expect(bad.status).toBe(400);
    expect((await api('GET', `/tasks/${id}`)).body.task.deadlineTime).toBe('09:30 Europe/Paris');
  });
});
