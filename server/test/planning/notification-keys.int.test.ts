/**
 * Issue 11: notifications and emails name a task by its key (`WEB-1 Title`) once it has one
 * (SPEC M21): assignments, status changes and comments, in-app and in the queued email.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseNotification } from '../../src/notifications/kinds.ts';
import { renderEmail } from '../../src/notifications/render.ts';
import { addMember, call, createWorkspace, type Session, signUp } from '../helpers/auth.ts';
import { startTestServer, type TestServer } from '../helpers/in-process.ts';

describe('notifications name tasks by key', () => {
  let server: TestServer;
  let ann: Session;
  let bob: Session;
  let ws: string;
  let projectId: string;

  beforeAll(async () => {
    server = await startTestServer();
    ann = await signUp(server.url, { name: 'Ann' });
    bob = await signUp(server.url, { name: 'Bob' });
    ws = await createWorkspace(ann, 'Notices');
    await addMember(ann, ws, bob, 'member');
    const p = await call(server.url, 'POST', '/projects', {
      token: ann.accessToken,
      body: { workspaceId: ws, name: 'Web', key: 'WEB' },
    });
    projectId = p.body.project.id;
  });
  afterAll(async () => server?.close());

  const api = (method: string, p: string, body: unknown, who: Session) =>
    call(server.url, method, p, { token: who.accessToken, body });
  const titles = async (who: Session) =>
    (await api('GET', '/notifications', undefined, who)).body.items.map((n: { title: string }) => n.title);

  test('in-app titles and email subjects carry the key', async () => {
    const t = await api('POST', '/tasks', { projectId, title: 'Fix login' }, ann);
    const id = t.body.task.id as string;
    expect(t.body.task.key).toBe('WEB-1');
    await api('PATCH', `/tasks/${id}`, { assignee: bob.user.id }, ann);
    expect(await titles(bob)).toEqual(['Assigned to you: WEB-1 Fix login']);

    await api('PATCH', `/tasks/${id}`, { columnId: `${projectId}:col2` }, bob);
    await api('POST', `/tasks/${id}/comments`, { body: 'On it' }, bob);
    expect(await titles(ann)).toEqual([
      'New comment on WEB-1 Fix login',
      'WEB-1 Fix login: To Do → In Progress',
    ]);

    const db = new Database(path.join(server.dataDir, 'taskflow.sqlite'), { readonly: true });
    try {
      const rows = db
        .prepare(
          "SELECT kind, payload FROM outbox WHERE kind IN ('assigned', 'status_changed', 'comment') ORDER BY id",
        )
        .all() as { kind: string; payload: string }[];
      const subjects = rows.map((r) => {
        const n = parseNotification(r.kind, JSON.parse(r.payload));
        if (!n) throw new Error(`unreadable ${r.kind}`);
        const ctx = {
          publicUrl: 'https://t.example',
          recipientName: null,
          timeZone: 'UTC',
          unsubscribeUrl: null,
        };
        return renderEmail(n, ctx).subject;
      });
      expect(subjects).toEqual([
        'Assigned to you: WEB-1 Fix login',
        'WEB-1 Fix login: To Do → In Progress',
        'New comment on WEB-1 Fix login',
      ]);
    } finally {
      db.close();
    }
  });
});
