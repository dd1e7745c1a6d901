/**
 * Issue 11 REST: project settings (key, mode, estimation unit) and task keys. A task created over
 * REST answers with its final key; a key works wherever a task id does (with workspaceId), also
 * after the project's key is renamed (SPEC M21).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, createWorkspace, type Session, signUp } from '../helpers/auth.ts';
import { startTestServer, type TestServer } from '../helpers/in-process.ts';

describe('project settings and task keys over REST', () => {
  let server: TestServer;
  let ann: Session;
  let bob: Session;
  let ws: string;

  beforeAll(async () => {
    server = await startTestServer();
    ann = await signUp(server.url, { name: 'Ann' });
    bob = await signUp(server.url, { name: 'Bob' });
    ws = await createWorkspace(ann, 'Keys');
  });
  afterAll(async () => server?.close());

  const api = (method: string, p: string, body?: unknown, who: Session = ann) =>
    call(server.url, method, p, { token: who.accessToken, body });

  test('a project takes key, mode and estimationUnit; defaults are kanban and points', async () => {
    const plain = await api('POST', '/projects', { workspaceId: ws, name: 'Plain Project' });
    expect(plain.status).toBe(201);
    expect(plain.body.project).toMatchObject({ key: 'PP', mode: 'kanban', estimationUnit: 'points' });

    const set = await api('POST', '/projects', {
      workspaceId: ws,
      name: 'Web',
      key: 'web',
      mode: 'scrum',
      estimationUnit: 'hours',
    });
    expect(set.status).toBe(201);
    expect(set.body.project).toMatchObject({ key: 'WEB', mode: 'scrum', estimationUnit: 'hours' });

    const patched = await api('PATCH', `/projects/${plain.body.project.id}`, {
      name: 'Renamed',
      mode: 'scrum',
      estimationUnit: 'hours',
    });
    expect(patched.status).toBe(200);
    expect(patched.body.project).toMatchObject({
      name: 'Renamed',
      key: 'PP',
      mode: 'scrum',
      estimationUnit: 'hours',
    });
    const read = await api('GET', `/projects/${plain.body.project.id}`);
    expect(read.body.project).toMatchObject({ mode: 'scrum', estimationUnit: 'hours' });
  });

  test('a key in use is a 409 with the reason; a bad key, mode or unit is a 400', async () => {
    const taken = await api('POST', '/projects', { workspaceId: ws, name: 'Again', key: 'WEB' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toMatch(/WEB.*already used/);

    const other = await api('POST', '/projects', { workspaceId: ws, name: 'Other', key: 'OTH' });
    const clash = await api('PATCH', `/projects/${other.body.project.id}`, { key: 'web' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toMatch(/already used/);

    for (const key of ['1AB', 'A', 'TOOLONGKEY1', 'WE-B', '']) {
      const bad = await api('POST', '/projects', { workspaceId: ws, name: 'Bad', key });
      expect({ key, status: bad.status }).toEqual({ key, status: 400 });
      expect(bad.body.error.details[0].path).toBe('key');
    }
    const badPatch = await api('PATCH', `/projects/${other.body.project.id}`, { key: 'x y' });
    expect(badPatch.status).toBe(400);
    const badMode = await api('PATCH', `/projects/${other.body.project.id}`, { mode: 'waterfall' });
    expect(badMode.status).toBe(400);
    const badUnit = await api('POST', '/projects', { workspaceId: ws, name: 'U', estimationUnit: 'days' });
    expect(badUnit.status).toBe(400);
    // Nothing of the refused ones was written.
    expect((await api('GET', `/projects/${other.body.project.id}`)).body.project.key).toBe('OTH');
  });

  test('a task created over REST has its final key in the answer; keys count up per project', async () => {
    const p = await api('POST', '/projects', { workspaceId: ws, name: 'Numbers', key: 'NUM' });
    const projectId = p.body.project.id;
    const keys: string[] = [];
    for (const title of ['one', 'two', 'three']) {
      const t = await api('POST', '/tasks', { projectId, title });
      expect(t.status).toBe(201);
      expect(t.body.task.number).toEqual(expect.any(Number));
      keys.push(t.body.task.key);
    }
    expect(keys).toEqual(['NUM-1', 'NUM-2', 'NUM-3']);
    const list = await api('GET', `/projects/${projectId}/tasks`);
    expect(list.body.tasks.map((t: { key: string }) => t.key)).toEqual(keys);
  });

  test('GET /tasks/KEY-N with workspaceId finds the task; without workspaceId it is a 400 saying so', async () => {
    const p = await api('POST', '/projects', { workspaceId: ws, name: 'Lookup', key: 'LOOK' });
    const created = await api('POST', '/tasks', { projectId: p.body.project.id, title: 'Find me' });
    const { id, key } = created.body.task;
    expect(key).toBe('LOOK-1');

    const found = await api('GET', `/tasks/${key}?workspaceId=${ws}`);
    expect(found.status).toBe(200);
    expect(found.body.task).toMatchObject({ id, key, title: 'Find me' });
    // Case does not matter, as in Jira.
    expect((await api('GET', `/tasks/look-1?workspaceId=${ws}`)).body.task.id).toBe(id);

    const bare = await api('GET', `/tasks/${key}`);
    expect(bare.status).toBe(400);
    expect(bare.body.error.message).toMatch(/workspaceId/);

    expect((await api('GET', `/tasks/LOOK-99?workspaceId=${ws}`)).status).toBe(404);
    expect((await api('GET', `/tasks/NOPE-1?workspaceId=${ws}`)).status).toBe(404);
    // Someone outside the workspace learns nothing: the same 404 as a missing task.
    const outsider = await api('GET', `/tasks/${key}?workspaceId=${ws}`, undefined, bob);
    expect(outsider.status).toBe(404);
    expect(outsider.body.error.message).toBe('That task does not exist.');

    // Every task route takes the key: edit, comment, comments, worklogs, activity.
    const patched = await api('PATCH', `/tasks/${key}?workspaceId=${ws}`, { priority: 'high' });
    expect(patched.body.task).toMatchObject({ id, priority: 'high', key });
    expect((await api('POST', `/tasks/${key}/comments?workspaceId=${ws}`, { body: 'hi' })).status).toBe(201);
    const comments = await api('GET', `/tasks/${key}/comments?workspaceId=${ws}`);
    expect(comments.body.comments.map((c: { body: string }) => c.body)).toEqual(['hi']);
    const logged = await api('POST', `/tasks/${key}/worklogs?workspaceId=${ws}`, { seconds: 60 });
    expect(logged.body.worklog.taskId).toBe(id);
    const activity = await api('GET', `/tasks/${key}/activity?workspaceId=${ws}`);
    expect(activity.status).toBe(200);
    expect(activity.body.items.length).toBeGreaterThan(0);
  });

  test('after renaming the project key, the new and the old key both resolve', async () => {
    const p = await api('POST', '/projects', { workspaceId: ws, name: 'Rename', key: 'OLD' });
    const projectId = p.body.project.id;
    const t = await api('POST', '/tasks', { projectId, title: 'Keeps its link' });
    expect(t.body.task.key).toBe('OLD-1');

    const renamed = await api('PATCH', `/projects/${projectId}`, { key: 'NEW' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.project.key).toBe('NEW');

    const byNew = await api('GET', `/tasks/NEW-1?workspaceId=${ws}`);
    expect(byNew.body.task).toMatchObject({ id: t.body.task.id, key: 'NEW-1' });
    const byOld = await api('GET', `/tasks/OLD-1?workspaceId=${ws}`);
    expect(byOld.status).toBe(200);
    expect(byOld.body.task).toMatchObject({ id: t.body.task.id, key: 'NEW-1' });
    // The old key stays the project's: another project cannot take it.
    const steal = await api('POST', '/projects', { workspaceId: ws, name: 'Thief', key: 'OLD' });
    expect(steal.status).toBe(409);
  });
});
