/**
 * Reminders and recurring rules follow what happens to their workspace, member and task: nothing is
 * sent about a deleted workspace or to someone no longer a member, an archived rule stops, and a
 * deadline stored just before a crash (inside the projection's debounce) is still reminded of.
 */
import { createTask } from '@taskflow/model';
import { type RunningServer, startServer } from '@taskflow/server';
import { afterEach, describe, expect, test } from 'vitest';
import { addMember, call, createWorkspace, type Session, signUp } from './helpers/auth.ts';
import { connectClient } from './helpers/client.ts';
import { occurrenceIds, withDb } from './helpers/reminder-seed.ts';
import { spawnServer } from './helpers/server-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2026-12-01T00:00:00Z');
const DEADLINE = '2026-12-03';
const DUE_AT = Date.parse('2026-12-03T23:59:59.999Z');

type Item = { kind: string; taskId: string | null };

const dirs: ReturnType<typeof tempDir>[] = [];
const servers: RunningServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) d.remove();
});

async function setUp() {
  const dir = tempDir('schedule-lifecycle');
  dirs.push(dir);
  const clock = { now: START };
  const server = await startServer({
    port: 0,
    dataDir: dir.path,
    limits: { registerPerAddress: 1000, loginPerAddress: 1000 },
    now: () => clock.now,
    tickMs: 3_600_000,
    senderMs: 3_600_000,
    projectionDebounceMs: 10,
  });
  servers.push(server);
  const owner = await signUp(server.url, { name: 'Owner' });
  const bob = await signUp(server.url, { name: 'Bob' });
  const ws = await createWorkspace(owner, 'Lifecycle');
  await addMember(owner, ws, bob, 'member');
  const project = await call(server.url, 'POST', '/projects', {
    token: owner.accessToken,
    body: { workspaceId: ws, name: 'Work' },
  });
  const projectId = project.body.project.id as string;
  return { dir, clock, server, owner, bob, ws, projectId };
}

async function scheduled(dataDir: string, taskId: string, present: boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const row = withDb(dataDir, (db) =>
      db.prepare('SELECT 1 FROM task_schedule WHERE task_id = ?').get(taskId),
    );
    if (Boolean(row) === present) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`task ${taskId} never ${present ? 'reached' : 'left'} the schedule`);
}

async function remindersOf(server: RunningServer, who: Session, taskId: string): Promise<string[]> {
  const list = await call(server.url, 'GET', '/notifications?limit=100', { token: who.accessToken });
  return (list.body.items as Item[])
    .filter((n) => n.taskId === taskId && n.kind !== 'assigned')
    .map((n) => n.kind);
}

describe('schedule lifecycle', () => {
  test('a deleted workspace sends nothing more; a removed member hears nothing more', async () => {
    const { dir, clock, server, owner, bob, ws, projectId } = await setUp();
    const task = await call(server.url, 'POST', '/tasks', {
      token: owner.accessToken,
      body: { projectId, title: 'For Bob', assignee: bob.user.id, deadline: DEADLINE },
    });
    const taskId = task.body.task.id as string;
    await scheduled(dir.path, taskId, true);

    // Bob leaves: the chain goes on (the task still has a deadline), but only the owner hears.
    expect(
      (
        await call(server.url, 'DELETE', `/workspaces/${ws}/members/${bob.user.id}`, {
          token: owner.accessToken,
        })
      ).status,
    ).toBe(204);
    clock.now = DUE_AT + HOUR + 1;
    await server.tick();
    expect(await remindersOf(server, bob, taskId)).toEqual([]);
    expect(await remindersOf(server, owner, taskId)).toEqual(['escalation']);

    // A second workspace, deleted before its deadline: nothing is sent about it, ever.
    const ws2 = await createWorkspace(owner, 'Doomed');
    const p2 = await call(server.url, 'POST', '/projects', {
      token: owner.accessToken,
      body: { workspaceId: ws2, name: 'P' },
    });
    const t2 = await call(server.url, 'POST', '/tasks', {
      token: owner.accessToken,
      body: { projectId: p2.body.project.id, title: 'Gone', assignee: owner.user.id, deadline: '2026-12-10' },
    });
    const gone = t2.body.task.id as string;
    await scheduled(dir.path, gone, true);
    expect(
      (await call(server.url, 'DELETE', `/workspaces/${ws2}`, { token: owner.accessToken })).status,
    ).toBe(204);
    await scheduled(dir.path, gone, false);
    clock.now = Date.parse('2026-12-12T00:00:00Z');
    await server.tick();
    const all = await call(server.url, 'GET', '/notifications?limit=100', { token: owner.accessToken });
    expect((all.body.items as Item[]).filter((n) => n.taskId === gone)).toEqual([]);
  });

  test('an archived recurring task stops making tasks; restored, it resumes from now, not back-filled', async () => {
    const { dir, clock, server, owner, ws, projectId } = await setUp();
    const rule = await call(server.url, 'POST', '/tasks', {
      token: owner.accessToken,
      body: { projectId, title: 'Daily' },
    });
    const ruleId = rule.body.task.id as string;
    await call(server.url, 'PATCH', `/tasks/${ruleId}`, {
      token: owner.accessToken,
      body: { recurrence: { cron: '0 9 * * *', timeZone: 'UTC' } },
    });
    await scheduled(dir.path, ruleId, true);
    clock.now = START + DAY; // 2 Dec 00:00: 1 Dec 09:00 is due
    await server.tick();
    expect(occurrenceIds(dir.path, ws, ruleId)).toHaveLength(1);

    expect(
      (
        await call(server.url, 'PATCH', `/tasks/${ruleId}`, {
          token: owner.accessToken,
          body: { archived: true },
        })
      ).status,
    ).toBe(200);
    const nextAt = () =>
      withDb(dir.path, (db) =>
        db.prepare('SELECT next_occurrence_at AS n FROM task_schedule WHERE task_id = ?').get(ruleId),
      ) as { n: number | null } | undefined;
    for (let i = 0; i < 200 && nextAt()?.n !== null; i++) await new Promise((r) => setTimeout(r, 25));
    expect(nextAt()?.n).toBeNull();
    clock.now = START + 5 * DAY;
    await server.tick();
    expect(occurrenceIds(dir.path, ws, ruleId)).toHaveLength(1);

    expect(
      (
        await call(server.url, 'PATCH', `/tasks/${ruleId}`, {
          token: owner.accessToken,
          body: { archived: false },
        })
      ).status,
    ).toBe(200);
    for (let i = 0; i < 200 && !nextAt()?.n; i++) await new Promise((r) => setTimeout(r, 25));
    expect(nextAt()?.n).toBe(Date.parse('2026-12-06T09:00:00Z'));
    clock.now = Date.parse('2026-12-06T10:00:00Z');
    await server.tick();
    expect(occurrenceIds(dir.path, ws, ruleId)).toHaveLength(2);
  });

  test('a deadline stored just before a kill -9 is projected at the next start and reminded of', async () => {
    const dir = tempDir('schedule-crash');
    dirs.push(dir);
    const env = { TASKFLOW_FAKE_NOW: String(START), TICK_MS: '3600000' };
    const first = await spawnServer({ dataDir: dir.path, env });
    let taskId: string;
    try {
      const owner = await signUp(first.url, { name: 'Owner' });
      const ws = await createWorkspace(owner, 'Crashy');
      const project = await call(first.url, 'POST', '/projects', {
        token: owner.accessToken,
        body: { workspaceId: ws, name: 'P' },
      });
      // Over a live connection, as a board makes it: the document stays loaded, so the projection
      // waits for its debounce (a REST write unloads the document and projects at once).
      const client = connectClient(first.wsUrl, {
        name: ws,
        token: owner.accessToken,
        actorId: owner.user.id,
      });
      try {
        await client.synced;
        taskId = createTask(client.doc, client.editor, {
          projectId: project.body.project.id,
          title: 'Do not forget',
          assignee: owner.user.id,
          deadline: DEADLINE,
        });
        await client.acked();
        first.kill9(); // inside the 1 s projection debounce, with the document still loaded
      } finally {
        client.destroy();
      }
      await first.exited;
    } finally {
      first.kill9();
    }
    // The crash hit the window: stored and marked, not projected.
    const state = () =>
      withDb(dir.path, (db) => ({
        stale: (db.prepare('SELECT COUNT(*) AS n FROM schedule_stale').get() as { n: number }).n,
        row: db.prepare('SELECT next_reminder_at AS n FROM task_schedule WHERE task_id = ?').get(taskId) as
          | { n: number }
          | undefined,
      }));
    expect(state()).toEqual({ stale: 1, row: undefined });

    const clock = { now: START };
    const second = await startServer({
      port: 0,
      dataDir: dir.path,
      now: () => clock.now,
      tickMs: 3_600_000,
      senderMs: 3_600_000,
    });
    servers.push(second);
    expect(state()).toEqual({ stale: 0, row: { n: DUE_AT - DAY } });
  });
});
