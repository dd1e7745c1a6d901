/**
 * Issue 11 REST: the backlog and sprints (SPEC M22). Create, list and edit sprints, plan tasks into
 * them, start one (recording what it committed), complete it with open tasks sent to the backlog
 * or the next sprint; and each bad input the issue lists: unknown sprint 404, starting in a Kanban
 * project or completing a planned sprint 409 with a reason, absurd values 400. Viewers read only.
 */
import { readSprints, readTask } from '@taskflow/model';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addMember, call, createWorkspace, type Session, signUp } from '../helpers/auth.ts';
import { connectClient, type TestClient, until } from '../helpers/client.ts';
import { startTestServer, type TestServer } from '../helpers/in-process.ts';

describe('backlog and sprints over REST', () => {
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
    ws = await createWorkspace(ann, 'Sprints');
    await addMember(ann, ws, vic, 'viewer');
    const p = await call(server.url, 'POST', '/projects', {
      token: ann.accessToken,
      body: { workspaceId: ws, name: 'Web', key: 'WEB', mode: 'scrum' },
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
  const newTask = async (title: string, extra: Record<string, unknown> = {}) => {
    const res = await api('POST', '/tasks', { projectId, title, ...extra });
    expect(res.status).toBe(201);
    return res.body.task as { id: string; key: string; sprintId: string | null };
  };
  const newSprint = async (body: Record<string, unknown>, project = projectId) => {
    const res = await api('POST', `/projects/${project}/sprints`, body);
    expect(res.status).toBe(201);
    return res.body.sprint as { id: string; name: string; state: string };
  };
  const titles = (tasks: { title: string }[]) => tasks.map((t) => t.title);

  test('the backlog lists live tasks in no open sprint, in rank order', async () => {
    const a = await newTask('backlog A');
    const b = await newTask('backlog B');
    const sprint = await newSprint({ name: 'Planned' });
    await newTask('in a sprint', { sprintId: sprint.id });
    const archived = await newTask('archived');
    await api('PATCH', `/tasks/${archived.id}`, { archived: true });

    const backlog = await api('GET', `/projects/${projectId}/backlog`);
    expect(backlog.status).toBe(200);
    expect(titles(backlog.body.tasks)).toEqual(['backlog A', 'backlog B']);
    expect(backlog.body.tasks[0]).toMatchObject({ id: a.id, key: a.key, sprintId: null, workspaceId: ws });
    expect(backlog.body.tasks[1].id).toBe(b.id);
    // Viewers read it too.
    expect((await api('GET', `/projects/${projectId}/backlog`, undefined, vic)).status).toBe(200);
    expect((await api('GET', '/projects/nope/backlog')).status).toBe(404);
  });

  test('a sprint is created, listed and edited; the board sees it', async () => {
    const s = await api('POST', `/projects/${projectId}/sprints`, {
      name: 'Sprint 1',
      goal: 'Ship the login',
      startDate: '2026-03-02',
      endDate: '2026-03-13',
    });
    expect(s.status).toBe(201);
    expect(s.body.sprint).toMatchObject({
      projectId,
      workspaceId: ws,
      name: 'Sprint 1',
      goal: 'Ship the login',
      startDate: '2026-03-02',
      endDate: '2026-03-13',
      state: 'planned',
      createdBy: ann.user.id,
      start: null,
      completion: null,
    });
    const id = s.body.sprint.id as string;
    await until(board.doc, (doc) => readSprints(doc, projectId).some((x) => x.id === id));

    const list = await api('GET', `/projects/${projectId}/sprints`, undefined, vic);
    expect(list.status).toBe(200);
    expect(list.body.sprints.map((x: { id: string }) => x.id)).toContain(id);

    const patched = await api('PATCH', `/sprints/${id}`, { goal: 'Ship login and signup', endDate: null });
    expect(patched.status).toBe(200);
    expect(patched.body.sprint).toMatchObject({
      goal: 'Ship login and signup',
      endDate: null,
      name: 'Sprint 1',
    });
  });

  test('bad sprint input: 400 for absurd values, 404 for an unknown sprint or project', async () => {
    const noName = await api('POST', `/projects/${projectId}/sprints`, { goal: 'x' });
    expect(noName.status).toBe(400);
    const badDate = await api('POST', `/projects/${projectId}/sprints`, {
      name: 'S',
      startDate: '2026-02-30',
    });
    expect(badDate.status).toBe(400);
    const backwards = await api('POST', `/projects/${projectId}/sprints`, {
      name: 'S',
      startDate: '2026-03-10',
      endDate: '2026-03-01',
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toMatch(/end before it starts/);
    const longGoal = await api('POST', `/projects/${projectId}/sprints`, {
      name: 'S',
      goal: 'g'.repeat(2001),
    });
    expect(longGoal.status).toBe(400);
    const extra = await api('POST', `/projects/${projectId}/sprints`, { name: 'S', velocity: 3 });
    expect(extra.status).toBe(400);

    const s = await newSprint({ name: 'Dated', startDate: '2026-04-01' });
    const backwardsPatch = await api('PATCH', `/sprints/${s.id}`, { endDate: '2026-03-01' });
    expect(backwardsPatch.status).toBe(400);

    expect((await api('POST', '/projects/nope/sprints', { name: 'S' })).status).toBe(404);
    expect((await api('PATCH', '/sprints/nope', { name: 'S' })).status).toBe(404);
    expect((await api('POST', '/sprints/nope/start')).status).toBe(404);
    expect((await api('POST', '/sprints/nope/complete', { moveOpenTo: 'backlog' })).status).toBe(404);
    expect((await api('POST', '/tasks', { projectId, title: 'x', sprintId: 'nope' })).status).toBe(404);
    const bad = await api('POST', `/sprints/${s.id}/complete`, { moveOpenTo: '' });
    expect(bad.status).toBe(400);
  });

  test('viewers cannot create, edit, start or complete sprints (403)', async () => {
    const s = await newSprint({ name: 'Not yours' });
    expect((await api('POST', `/projects/${projectId}/sprints`, { name: 'V' }, vic)).status).toBe(403);
    expect((await api('PATCH', `/sprints/${s.id}`, { name: 'V' }, vic)).status).toBe(403);
    expect((await api('POST', `/sprints/${s.id}/start`, undefined, vic)).status).toBe(403);
    const complete = await api('POST', `/sprints/${s.id}/complete`, { moveOpenTo: 'backlog' }, vic);
    expect(complete.status).toBe(403);
  });

  test('starting a sprint in a Kanban project is a 409 with the reason', async () => {
    const k = await api('POST', '/projects', { workspaceId: ws, name: 'Kanban', key: 'KAN' });
    expect(k.body.project.mode).toBe('kanban');
    const s = await newSprint({ name: 'K1' }, k.body.project.id);
    const start = await api('POST', `/sprints/${s.id}/start`);
    expect(start.status).toBe(409);
    expect(start.body.error.message).toMatch(/Scrum/);
    // Switched to Scrum, it starts.
    await api('PATCH', `/projects/${k.body.project.id}`, { mode: 'scrum' });
    expect((await api('POST', `/sprints/${s.id}/start`)).status).toBe(200);
  });

  test('the sprint loop: plan, start, work, complete with open tasks to the next sprint, then the backlog', async () => {
    const p = await api('POST', '/projects', {
      workspaceId: ws,
      name: 'Loop',
      key: 'LOOP',
      mode: 'scrum',
      estimationUnit: 'points',
    });
    const pid = p.body.project.id as string;
    const done = p.body.project.columns.at(-1).id as string;
    const one = await newSprint({ name: 'One' }, pid);
    const two = await newSprint({ name: 'Two' }, pid);
    const make = async (title: string, extra: Record<string, unknown>) =>
      (await api('POST', '/tasks', { projectId: pid, title, ...extra })).body.task as { id: string };
    const a = await make('a', { sprintId: one.id, estimate: 3 });
    const b = await make('b', { estimate: 5 });
    const c = await make('c', {});
    // Planning over PATCH: into the sprint, and back to the backlog with null.
    const planned = await api('PATCH', `/tasks/${b.id}`, { sprintId: one.id });
    expect(planned.body.task.sprintId).toBe(one.id);
    await api('PATCH', `/tasks/${c.id}`, { sprintId: one.id });
    expect((await api('PATCH', `/tasks/${c.id}`, { sprintId: null })).body.task.sprintId).toBeNull();
    expect(titles((await api('GET', `/projects/${pid}/backlog`)).body.tasks)).toEqual(['c']);

    // Completing a planned sprint is a conflict with the reason.
    const early = await api('POST', `/sprints/${one.id}/complete`, { moveOpenTo: 'backlog' });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/active/);

    const started = await api('POST', `/sprints/${one.id}/start`);
    expect(started.status).toBe(200);
    expect(started.body.sprint).toMatchObject({ id: one.id, state: 'active', startLost: false });
    expect(started.body.sprint.start).toMatchObject({ by: ann.user.id, committed: 8, unit: 'points' });
    expect([...started.body.sprint.start.taskIds].sort()).toEqual([a.id, b.id].sort());
    expect(started.body.sprint.startDate).toEqual(expect.any(String));
    // One active sprint per project: starting the second is a conflict.
    const second = await api('POST', `/sprints/${two.id}/start`);
    expect(second.status).toBe(409);
    expect(second.body.error.message).toMatch(/active/);
    expect((await api('POST', `/sprints/${one.id}/start`)).status).toBe(409);

    // Work: a is done; b stays open. Completion sends b to sprint Two.
    await api('PATCH', `/tasks/${a.id}`, { columnId: done });
    const unknownTarget = await api('POST', `/sprints/${one.id}/complete`, { moveOpenTo: 'nope' });
    expect(unknownTarget.status).toBe(404);
    const toItself = await api('POST', `/sprints/${one.id}/complete`, { moveOpenTo: one.id });
    expect(toItself.status).toBe(409);
    const completed = await api('POST', `/sprints/${one.id}/complete`, { moveOpenTo: two.id });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ completed: 1, moved: 1 });
    expect(completed.body.sprint).toMatchObject({ state: 'closed' });
    expect(completed.body.sprint.completion).toMatchObject({
      openTo: two.id,
      doneTaskIds: [a.id],
      openTaskIds: [b.id],
    });
    // The task resource shows the effective sprint: b is in Two now, a stays in One (done there).
    expect((await api('GET', `/tasks/${b.id}`)).body.task.sprintId).toBe(two.id);
    expect((await api('GET', `/tasks/${a.id}`)).body.task.sprintId).toBe(one.id);
    await until(board.doc, (doc) => readSprints(doc, pid).find((s) => s.id === one.id)?.state === 'closed');
    expect(readTask(board.doc, b.id)?.sprintId).toBe(one.id); // as written; effective is Two

    // A completed sprint takes no more: editing, completing again, planning into it are conflicts.
    expect((await api('PATCH', `/sprints/${one.id}`, { name: 'Again' })).status).toBe(409);
    expect((await api('POST', `/sprints/${one.id}/complete`, { moveOpenTo: 'backlog' })).status).toBe(409);
    expect((await api('PATCH', `/tasks/${c.id}`, { sprintId: one.id })).status).toBe(409);

    // Sprint Two: start and complete to the backlog; b lands back in the backlog.
    expect((await api('POST', `/sprints/${two.id}/start`)).status).toBe(200);
    const toBacklog = await api('POST', `/sprints/${two.id}/complete`, { moveOpenTo: 'backlog' });
    expect(toBacklog.body).toMatchObject({ completed: 0, moved: 1 });
    expect((await api('GET', `/tasks/${b.id}`)).body.task.sprintId).toBeNull();
    expect(titles((await api('GET', `/projects/${pid}/backlog`)).body.tasks).sort()).toEqual(['b', 'c']);
    // a, done in One, is reopened: it is back in planning, in the backlog and in no sprint (M22).
    const todo = p.body.project.columns[0].id as string;
    expect((await api('PATCH', `/tasks/${a.id}`, { columnId: todo })).body.task.sprintId).toBeNull();
    expect(titles((await api('GET', `/projects/${pid}/backlog`)).body.tasks).sort()).toEqual(['a', 'b', 'c']);
    const states = (await api('GET', `/projects/${pid}/sprints`)).body.sprints.map(
      (s: { name: string; state: string }) => [s.name, s.state],
    );
    expect(states).toEqual([
      ['One', 'closed'],
      ['Two', 'closed'],
    ]);
  });
});
