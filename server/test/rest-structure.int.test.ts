/**
 * Issue 14 over REST: a task's type, parent (subtask) and epic are set on create and by PATCH,
 * shown on the task, checked like in the app (no subtask of a subtask, only epics are epics), and
 * reach an open board.
 */
import { readTask, subtaskIds } from '@taskflow/model';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, createWorkspace, type Session, signUp } from './helpers/auth.ts';
import { connectClient, type TestClient, until } from './helpers/client.ts';
import { startTestServer, type TestServer } from './helpers/in-process.ts';

describe('issue types, subtasks and epics over REST', () => {
  let server: TestServer;
  let ann: Session;
  let ws: string;
  let projectId: string;
  let board: TestClient;

  beforeAll(async () => {
    server = await startTestServer();
    ann = await signUp(server.url, { name: 'Ann' });
    ws = await createWorkspace(ann, 'Acme');
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

  const api = (method: string, p: string, body?: unknown) =>
    call(server.url, method, p, { token: ann.accessToken, body });

  test('type, parentId and epicId are set on create and by PATCH, checked, and synced', async () => {
    const epic = await api('POST', '/tasks', { projectId, title: 'Launch', type: 'epic' });
    expect(epic.status).toBe(201);
    expect(epic.body.task).toMatchObject({ type: 'epic', parentId: null, epicId: null });
    const parent = await api('POST', '/tasks', { projectId, title: 'Site', epicId: epic.body.task.id });
    expect(parent.status).toBe(201);
    expect(parent.body.task).toMatchObject({ type: 'task', epicId: epic.body.task.id });
    const sub = await api('POST', '/tasks', {
      projectId,
      title: 'Logo',
      type: 'bug',
      parentId: parent.body.task.id,
    });
    expect(sub.status).toBe(201);
    expect(sub.body.task).toMatchObject({ type: 'bug', parentId: parent.body.task.id });

    const patched = await api('PATCH', `/tasks/${sub.body.task.id}`, { type: 'story' });
    expect(patched.status).toBe(200);
    expect(patched.body.task.type).toBe('story');
    const got = await api('GET', `/tasks/${sub.body.task.id}`);
    expect(got.body.task).toMatchObject({ type: 'story', parentId: parent.body.task.id });

    await until(board.doc, (doc) => subtaskIds(doc, parent.body.task.id).length === 1);
    expect(readTask(board.doc, sub.body.task.id)?.type).toBe('story');

    // The model's rules answer 400: a subtask of a subtask, a non-epic as an epic, an unknown type.
    const deeper = await api('POST', '/tasks', { projectId, title: 'Deeper', parentId: sub.body.task.id });
    expect(deeper.status).toBe(400);
    const notEpic = await api('PATCH', `/tasks/${sub.body.task.id}`, { epicId: parent.body.task.id });
    expect(notEpic.status).toBe(400);
    expect((await api('PATCH', `/tasks/${sub.body.task.id}`, { type: 'subtask' })).status).toBe(400);
    // Cleared with null.
    const cleared = await api('PATCH', `/tasks/${sub.body.task.id}`, { parentId: null, type: null });
    expect(cleared.body.task).toMatchObject({ parentId: null, type: 'task' });
  });
});
