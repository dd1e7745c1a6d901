/**
 * Issue 4, must-show 6 (server half) and the notification REST routes outside the policy matrix:
 * assigning a task over a sync provider pushes `{"type":"notifications","unread":1}` to the
 * assignee's open connections; marking it read over REST pushes the new count to their other tab;
 * the author is never notified; comments and status changes notify the creator; ids of other
 * users' notifications are not found; unsubscribe links work without sign-in and only when signed.
 */
import { addComment, moveTask, readColumns, readTask, updateTask, watchTask } from '@taskflow/model';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_FILE } from '../src/persistence/database.ts';
import { addMember, call, createWorkspace, type Session, signUp } from './helpers/auth.ts';
import { connectClient, type TestClient, until } from './helpers/client.ts';
import { startTestServer, type TestServer } from './helpers/in-process.ts';

type Unread = { type: 'notifications'; unread: number };

function unreadMessages(client: TestClient): number[] {
  return client.stateless
    .map((p) => {
      try {
        return JSON.parse(p) as Unread;
      } catch {
        return null;
      }
    })
    .filter((m): m is Unread => m?.type === 'notifications')
    .map((m) => m.unread);
}

/** Resolves when the client's latest unread push equals `n`, checking on each stateless message. */
function pushedUnread(client: TestClient, n: number, timeoutMs = 5_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (unreadMessages(client).at(-1) !== n) return;
      client.provider.off('stateless', check);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(
      () => reject(new Error(`no push of unread=${n}; saw ${JSON.stringify(unreadMessages(client))}`)),
      timeoutMs,
    );
    client.provider.on('stateless', check);
    check();
  });
}

describe('notifications: push and REST', () => {
  let server: TestServer;
  let alice: Session;
  let bob: Session;
  let ws: string;
  let projectId: string;
  const clients: TestClient[] = [];

  const open = async (who: Session) => {
    const c = connectClient(server.wsUrl, { name: ws, token: who.accessToken, actorId: who.user.id });
    clients.push(c);
    await c.synced;
    return c;
  };

  beforeAll(async () => {
    server = await startTestServer();
    alice = await signUp(server.url, { name: 'Alice' });
    bob = await signUp(server.url, { name: 'Bob' });
    ws = await createWorkspace(alice, 'Push');
    await addMember(alice, ws, bob, 'member');
    const project = await call(server.url, 'POST', '/projects', {
      token: alice.accessToken,
      body: { workspaceId: ws, name: 'Docs' },
    });
    projectId = project.body.project.id;
  }, 30_000);

  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.close();
  });

  test("assigning over a provider pushes unread=1 to both of the assignee's tabs; reading pushes 0", async () => {
    const aliceTab = await open(alice);
    const bobTab1 = await open(bob);
    const bobTab2 = await open(bob);
    const created = await call(server.url, 'POST', '/tasks', {
      token: alice.accessToken,
      body: { projectId, title: 'Write the docs' },
    });
    const taskId = created.body.task.id as string;
    await until(aliceTab.doc, (d) => readTask(d, taskId) !== undefined);

    updateTask(aliceTab.doc, aliceTab.editor, taskId, { assignee: bob.user.id });
    await Promise.all([pushedUnread(bobTab1, 1), pushedUnread(bobTab2, 1)]);
    // The author hears nothing about their own change.
    expect(unreadMessages(aliceTab)).toEqual([]);

    const list = await call(server.url, 'GET', '/notifications', { token: bob.accessToken });
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      kind: 'assigned',
      taskId,
      // Numbered when created over REST: notices name the task by its key (SPEC M21).
      title: 'Assigned to you: DOCS-1 Write the docs',
    });

    // Alice may not read Bob's notification: not found, not forbidden.
    const foreign = await call(server.url, 'PATCH', `/notifications/${list.body.items[0].id}/read`, {
      token: alice.accessToken,
    });
    expect(foreign.status).toBe(404);

    const read = await call(server.url, 'PATCH', `/notifications/${list.body.items[0].id}/read`, {
      token: bob.accessToken,
    });
    expect(read.body).toEqual({ unread: 0 });
    await Promise.all([pushedUnread(bobTab1, 0), pushedUnread(bobTab2, 0)]);
    expect(
      (await call(server.url, 'PATCH', '/notifications/999999/read', { token: bob.accessToken })).status,
    ).toBe(404);
  });

  test('a move and a comment by the assignee notify the creator, not the assignee', async () => {
    const aliceTab = await open(alice);
    const bobTab = await open(bob);
    const created = await call(server.url, 'POST', '/tasks', {
      token: alice.accessToken,
      body: { projectId, title: 'Review', assignee: bob.user.id },
    });
    const taskId = created.body.task.id as string;
    await until(bobTab.doc, (d) => readTask(d, taskId) !== undefined);
    const before = (
      await call(server.url, 'GET', '/notifications/unread-count', { token: alice.accessToken })
    ).body.unread as number;
    const [, second] = readColumns(bobTab.doc, projectId);
    if (!second) throw new Error('second column missing');
    moveTask(bobTab.doc, bobTab.editor, taskId, second.id, 0);
    await pushedUnread(aliceTab, before + 1);
    addComment(bobTab.doc, bobTab.editor, taskId, 'Looks good');
    await pushedUnread(aliceTab, before + 2);
    const list = await call(server.url, 'GET', '/notifications?limit=2', { token: alice.accessToken });
    expect(list.body.items.map((n: { kind: string }) => n.kind)).toEqual(['comment', 'status_changed']);
    // Bob assigned by Alice at creation (REST): one 'assigned'; nothing for his own move/comment.
    const bobs = await call(server.url, 'GET', '/notifications?unread=true', { token: bob.accessToken });
    expect(bobs.body.items.map((n: { kind: string; taskId: string }) => [n.kind, n.taskId])).toEqual([
      ['assigned', taskId],
    ]);
    const all = await call(server.url, 'POST', '/notifications/read-all', { token: bob.accessToken });
    expect(all.body).toEqual({ changed: 1, unread: 0 });
  });

  test('M14: a watcher hears of moves and comments until they stop watching', async () => {
    const carol = await signUp(server.url, { name: 'Carol' });
    await addMember(alice, ws, carol, 'member');
    const carolTab = await open(carol);
    const bobTab = await open(bob);
    const created = await call(server.url, 'POST', '/tasks', {
      token: alice.accessToken,
      body: { projectId, title: 'Watched' },
    });
    const taskId = created.body.task.id as string;
    await until(carolTab.doc, (d) => readTask(d, taskId) !== undefined);
    watchTask(carolTab.doc, carolTab.editor, taskId, true);
    await until(bobTab.doc, (d) => readTask(d, taskId)?.watchers.includes(carol.user.id) === true);
    const [, second, third] = readColumns(bobTab.doc, projectId);
    if (!second || !third) throw new Error('columns missing');
    moveTask(bobTab.doc, bobTab.editor, taskId, second.id, 0);
    await pushedUnread(carolTab, 1);
    addComment(bobTab.doc, bobTab.editor, taskId, 'Halfway');
    await pushedUnread(carolTab, 2);
    const list = await call(server.url, 'GET', '/notifications', { token: carol.accessToken });
    expect(list.body.items.map((n: { kind: string; taskId: string }) => [n.kind, n.taskId])).toEqual([
      ['comment', taskId],
      ['status_changed', taskId],
    ]);

    watchTask(carolTab.doc, carolTab.editor, taskId, false);
    await until(bobTab.doc, (d) => readTask(d, taskId)?.watchers.length === 0);
    moveTask(bobTab.doc, bobTab.editor, taskId, third.id, 0);
    addComment(bobTab.doc, bobTab.editor, taskId, 'Done');
    // Alice (the creator) hears of both; once she has, the edits are stored and Carol was skipped.
    for (let i = 0; ; i++) {
      const mine = await call(server.url, 'GET', '/notifications?limit=2', { token: alice.accessToken });
      const seen = mine.body.items.map((n: { kind: string; taskId: string; body: string }) => [
        n.kind,
        n.taskId,
        n.kind === 'comment' ? n.body : '',
      ]);
      if (
        JSON.stringify(seen) ===
        JSON.stringify([
          ['comment', taskId, 'Done'],
          ['status_changed', taskId, ''],
        ])
      )
        break;
      if (i > 100) throw new Error(`Alice never heard of the last edits: ${JSON.stringify(seen)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const after = await call(server.url, 'GET', '/notifications/unread-count', { token: carol.accessToken });
    expect(after.body.unread).toBe(2);
  });

  test('preferences, time zone and unsubscribe', async () => {
    const prefs = await call(server.url, 'PUT', '/me/notification-preferences', {
      token: bob.accessToken,
      body: { comment: 'digest', assigned: 'off' },
    });
    expect(prefs.status).toBe(200);
    expect(prefs.body.email).toMatchObject({ comment: 'digest', assigned: 'off' });
    const bad = await call(server.url, 'PUT', '/me/notification-preferences', {
      token: bob.accessToken,
      body: { comment: 'sometimes' },
    });
    expect(bad.status).toBe(400);
    const tz = await call(server.url, 'PATCH', '/me', {
      token: bob.accessToken,
      body: { timeZone: 'Mars/Olympus' },
    });
    expect(tz.status).toBe(400);
    const ok = await call(server.url, 'PATCH', '/me', {
      token: bob.accessToken,
      body: { timeZone: 'Asia/Tokyo' },
    });
    expect(ok.body.user.timeZone).toBe('Asia/Tokyo');

    const forged = await call(server.url, 'GET', '/notifications/unsubscribe?token=abc.def');
    expect(forged.status).toBe(404);
    const { unsubscribeToken } = await import('../src/notifications/unsubscribe.ts');
    const { readFileSync } = await import('node:fs');
    const secret = Buffer.from(readFileSync(`${server.dataDir}/unsubscribe-secret`, 'utf8').trim(), 'hex');
    const token = unsubscribeToken(secret, { userId: bob.user.id, kind: 'reminder' });
    // Opening the link (a mail scanner, a preview) only says what it would do.
    const peek = await call(
      server.url,
      'GET',
      `/notifications/unsubscribe?token=${encodeURIComponent(token)}`,
    );
    expect(peek.body).toEqual({ kind: 'reminder' });
    const still = await call(server.url, 'GET', '/me/notification-preferences', { token: bob.accessToken });
    expect(still.body.email.reminder).toBe('immediate');
    const unsub = await call(
      server.url,
      'POST',
      `/notifications/unsubscribe?token=${encodeURIComponent(token)}`,
    );
    expect(unsub.body).toEqual({ unsubscribed: 'reminder' });
    const after = await call(server.url, 'GET', '/me/notification-preferences', { token: bob.accessToken });
    expect(after.body.email.reminder).toBe('off');
  });

  test('recurrence preview: five instants, or 400 with the reason', async () => {
    const ok = await call(
      server.url,
      'GET',
      '/recurrence/preview?cron=0%209%20*%20*%201-5&timeZone=Europe%2FBerlin',
      {
        token: bob.accessToken,
      },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.occurrences).toHaveLength(5);
    const bad = await call(server.url, 'GET', '/recurrence/preview?cron=not%20a%20cron&timeZone=UTC', {
      token: bob.accessToken,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('cron');
  });

  test('dead letters: owners and admins see and retry them; members get nothing and a 404', async () => {
    const dan = await signUp(server.url, { name: 'Dan' });
    await addMember(alice, ws, dan, 'admin');
    // A message of this workspace that failed for good (written as the sender leaves it).
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(`${server.dataDir}/${DATABASE_FILE}`);
    let id: number;
    try {
      db.pragma('busy_timeout = 5000');
      id = Number(
        db
          .prepare(
            `INSERT INTO outbox (idempotency_key, kind, user_id, payload, created_at, attempts, next_attempt_at, dead_at, last_error, workspace_id)
             VALUES ('dead-test', 'system', ?, '{"subject":"s","message":"m","link":null}', 1, 8, NULL, 2, '550 mailbox full', ?)`,
          )
          .run(bob.user.id, ws).lastInsertRowid,
      );
    } finally {
      db.close();
    }
    const seen = async (who: Session) =>
      (
        (await call(server.url, 'GET', '/admin/dead-letters', { token: who.accessToken })).body
          .deadLetters as { id: number }[]
      ).map((d) => d.id);
    expect(await seen(alice)).toContain(id);
    expect(await seen(dan)).toContain(id);
    expect(await seen(bob)).toEqual([]);
    expect(
      (await call(server.url, 'POST', `/admin/dead-letters/${id}/retry`, { token: bob.accessToken })).status,
    ).toBe(404);
    const retried = await call(server.url, 'POST', `/admin/dead-letters/${id}/retry`, {
      token: dan.accessToken,
    });
    expect(retried.body).toEqual({ retried: id });
    expect(await seen(alice)).not.toContain(id);
  });
});
