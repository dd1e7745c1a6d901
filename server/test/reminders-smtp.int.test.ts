/**
 * Issue 4, must-show 1: with a real SMTP server on loopback and a real server whose clock the test
 * moves, the reminder 24 h before the deadline, the one at the deadline and the escalation each
 * arrive exactly once, to the right people, about the right task. Also: the task's activity lists
 * all three, and a deadline change re-arms the chain.
 */
import path from 'node:path';
import { type RunningServer, startServer } from '@taskflow/server';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_FILE } from '../src/persistence/database.ts';
import { addMember, call, createWorkspace, type Session, signUp } from './helpers/auth.ts';
import { type MailSink, startMailSink } from './helpers/smtp.ts';
import { tempDir } from './helpers/temp-dir.ts';

const HOUR = 3_600_000;
// The deadline day, in the workspace's default zone (UTC): due at 23:59:59.999 that day.
const DEADLINE = '2026-12-10';
const DUE_AT = Date.parse('2026-12-10T23:59:59.999Z');

describe('reminders over real SMTP', () => {
  let clock = DUE_AT - 3 * 24 * HOUR;
  let sink: MailSink;
  let server: RunningServer;
  let dir: ReturnType<typeof tempDir>;
  let owner: Session;
  let assignee: Session;
  let bystander: Session;
  let ws: string;
  let taskId: string;

  async function scheduled(expect: (next: number | null) => boolean): Promise<void> {
    const db = new Database(path.join(dir.path, DATABASE_FILE), { readonly: true, fileMustExist: true });
    try {
      for (let i = 0; i < 200; i++) {
        const row = db
          .prepare('SELECT next_reminder_at AS n FROM task_schedule WHERE task_id = ?')
          .get(taskId) as { n: number | null } | undefined;
        if (row && expect(row.n)) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('schedule never reached the expected state');
    } finally {
      db.close();
    }
  }

  beforeAll(async () => {
    sink = await startMailSink();
    dir = tempDir('reminders-smtp');
    server = await startServer({
      port: 0,
      dataDir: dir.path,
      limits: { registerPerAddress: 1000, loginPerAddress: 1000 },
      now: () => clock,
      smtpUrl: sink.url,
      // The loops run too, but the test drives passes itself through tick().
      tickMs: 3_600_000,
      senderMs: 3_600_000,
      projectionDebounceMs: 10,
    });
    owner = await signUp(server.url, { name: 'Olga Owner' });
    assignee = await signUp(server.url, { name: 'Ada Assignee' });
    bystander = await signUp(server.url, { name: 'Bob Bystander' });
    ws = await createWorkspace(owner, 'Deadlines');
    await addMember(owner, ws, assignee, 'member');
    await addMember(owner, ws, bystander, 'member');
    const project = await call(server.url, 'POST', '/projects', {
      token: owner.accessToken,
      body: { workspaceId: ws, name: 'Launch', key: 'REL' },
    });
    const task = await call(server.url, 'POST', '/tasks', {
      token: owner.accessToken,
      body: {
        projectId: project.body.project.id,
        title: 'Ship the release',
        assignee: assignee.user.id,
        deadline: DEADLINE,
      },
    });
    expect(task.status).toBe(201);
    taskId = task.body.task.id;
    await scheduled((n) => n === DUE_AT - 24 * HOUR);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await sink?.close();
    dir?.remove();
  });

  test('before, at and overdue each arrive once, to the right people', async () => {
    // Nothing is due yet. What is sent: a welcome to each new account (enqueued with the account),
    // the two invitations (enqueued with the invitation itself) and the assignment (enqueued with
    // the update that assigned the task).
    await server.tick();
    await sink.waitFor(6);
    const invites = sink.mails.splice(0, 6);
    expect(invites.map((m) => [m.to[0], m.subject]).sort()).toEqual(
      [
        [owner.email, 'Welcome to Taskflow'],
        [assignee.email, 'Welcome to Taskflow'],
        [bystander.email, 'Welcome to Taskflow'],
        [assignee.email, 'Olga Owner invited you to Deadlines'],
        [bystander.email, 'Olga Owner invited you to Deadlines'],
        [assignee.email, 'Assigned to you: Ship the release'],
      ].sort(),
    );
    expect(invites.find((m) => m.subject.includes('invited'))?.raw).toContain('/invite/');

    clock = DUE_AT - 24 * HOUR + 1_000;
    await server.tick();
    await server.tick();
    await sink.waitFor(1);
    expect(sink.mails.map((m) => [m.to, m.subject])).toEqual([
      [[assignee.email], 'Due soon: REL-1 Ship the release'],
    ]);

    clock = DUE_AT + 1_000;
    await server.tick();
    await server.tick();
    await sink.waitFor(2);
    expect(sink.mails.slice(1).map((m) => [m.to, m.subject])).toEqual([
      [[assignee.email], 'Due now: REL-1 Ship the release'],
    ]);

    clock = DUE_AT + HOUR + 1_000;
    await server.tick();
    await server.tick();
    await sink.waitFor(4);
    const escalations = sink.mails.slice(2);
    expect(escalations.map((m) => m.subject)).toEqual([
      'Overdue: REL-1 Ship the release',
      'Overdue: REL-1 Ship the release',
    ]);
    // The assignee and the workspace's owner; the other member hears nothing.
    expect(escalations.flatMap((m) => m.to).sort()).toEqual([assignee.email, owner.email].sort());
    expect(sink.mails.flatMap((m) => m.to)).not.toContain(bystander.email);

    // Much later: still nothing new.
    clock = DUE_AT + 48 * HOUR;
    await server.tick();
    expect(sink.mails).toHaveLength(4);
    // Each email names the task and carries a distinct idempotency key.
    for (const m of sink.mails) expect(m.raw).toContain(taskId);
    const keys = sink.mails.map((m) => m.idempotencyKey);
    expect(keys.every((k) => typeof k === 'string' && k.length > 0)).toBe(true);
    expect(new Set(keys).size).toBe(4);

    // In-app: the assignee has the assignment and three reminders, the owner the escalation.
    const mine = await call(server.url, 'GET', '/notifications', { token: assignee.accessToken });
    expect(mine.body.items.map((n: { kind: string }) => n.kind)).toEqual([
      'escalation',
      'reminder',
      'reminder',
      'assigned',
    ]);
    const theirs = await call(server.url, 'GET', '/notifications/unread-count', { token: owner.accessToken });
    expect(theirs.body.unread).toBe(1);

    // The task's activity lists the chain.
    const activity = await call(server.url, 'GET', `/tasks/${taskId}/activity`, {
      token: bystander.accessToken,
    });
    expect(activity.status).toBe(200);
    // Reminder entries sit in the task's history among its changes (issue 10), oldest first.
    const steps = activity.body.items
      .filter((a: { kind: string }) => a.kind.startsWith('reminder.'))
      .map(
        (a: { changes: { field: string; to: unknown }[] }) => a.changes.find((c) => c.field === 'step')?.to,
      );
    expect(steps.sort()).toEqual(['at', 'before', 'overdue']);
    expect(activity.body.items[0].kind).toBe('task.created');
  });

  test('a new deadline re-arms the chain', async () => {
    const moved = await call(server.url, 'PATCH', `/tasks/${taskId}`, {
      token: owner.accessToken,
      body: { deadline: '2026-12-20' },
    });
    expect(moved.status).toBe(200);
    const newDue = Date.parse('2026-12-20T23:59:59.999Z');
    await scheduled((n) => n === newDue - 24 * HOUR);
    clock = newDue - 24 * HOUR + 1;
    await server.tick();
    await sink.waitFor(5);
    expect(sink.mails.at(-1)?.subject).toBe('Due soon: REL-1 Ship the release');
    expect(sink.mails.at(-1)?.to).toEqual([assignee.email]);
  });
});
