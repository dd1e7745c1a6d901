import {
  addComment,
  createTask,
  type Editor,
  FIRST_PROJECT_ID,
  moveTask,
  readColumns,
  seedWorkspace,
  updateTask,
} from '@taskflow/model';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocumentEvents } from './doc-events.ts';
import type { NewInApp } from './in-app.ts';
import { type Notification, parseNotification } from './kinds.ts';

const W = 'w1';
const NOW = Date.UTC(2026, 10, 22, 9);
const MEMBERS = new Map([
  ['ann', 'Ann'],
  ['bob', 'Bob'],
]);
const as = (actorId: string): Editor => ({ origin: { kind: 'user', actorId }, now: () => NOW });

/** DocumentEvents over in-memory stand-ins for exactly the parts it declares. */
function harness() {
  const inApp: NewInApp[] = [];
  const emails: ({ key: string; userId: string | null } & Notification)[] = [];
  const events = new DocumentEvents({
    workspaces: {
      exists: (id) => id === W,
      get: (id) => (id === W ? { id, name: 'Acme', createdAt: NOW } : undefined),
      roleOf: (_w, userId) => (MEMBERS.has(userId) ? 'member' : null),
    },
    users: {
      get: (id) => {
        const name = MEMBERS.get(id);
        return name ? { id, email: `${id}@example.com`, name, timeZone: 'UTC', createdAt: NOW } : undefined;
      },
    },
    inApp: {
      add: (n) => {
        inApp.push(n);
        return { id: inApp.length, workspaceId: null, taskId: null, createdAt: NOW, readAt: null, ...n };
      },
    },
    outbox: {
      enqueue: (n) => {
        // The real outbox refuses a payload its kind does not allow; so does this one.
        expect(parseNotification(n.kind, n.payload)).not.toBeNull();
        emails.push(n);
        return emails.length;
      },
    },
    now: () => NOW,
    push: { unreadChanged: () => {} },
    logger: pino({ level: 'silent' }),
  });
  const doc = new Y.Doc();
  seedWorkspace(doc, { workspaceId: W, now: () => NOW });
  events.attach(W, doc);
  let row = 0;
  /** One stored update by `actor`: what it notified, as `kind → user`. */
  const stored = (actor: string | null, edit: () => void): string[] => {
    const from = emails.length;
    edit();
    events.afterAppend(W, ++row, actor);
    return emails.slice(from).map((e) => `${e.kind} → ${e.userId}`);
  };
  return { doc, stored, inApp, emails };
}

describe('document events', () => {
  it('notifies an assignment, a move and a comment to the people they concern, never the author', () => {
    const { doc, stored, emails, inApp } = harness();
    let task = '';
    expect(
      stored('ann', () => {
        task = createTask(doc, as('ann'), { projectId: FIRST_PROJECT_ID, title: 'Ship it', assignee: 'bob' });
      }),
    ).toEqual(['assigned → bob']);
    const [todo, doing] = readColumns(doc, FIRST_PROJECT_ID);
    expect(stored('bob', () => moveTask(doc, as('bob'), task, doing?.id ?? '', 0))).toEqual([
      'status_changed → ann',
    ]);
    expect(emails.at(-1)?.payload).toMatchObject({ byName: 'Bob', from: todo?.name, to: doing?.name });
    expect(stored('bob', () => addComment(doc, as('bob'), task, 'Done soon'))).toEqual(['comment → ann']);
    expect(emails.at(-1)?.payload).toMatchObject({ excerpt: 'Done soon', taskTitle: 'Ship it' });
    expect(inApp.map((n) => [n.kind, n.userId, n.title])).toEqual([
      ['assigned', 'bob', 'Assigned to you: Ship it'],
      ['status_changed', 'ann', `Ship it: ${todo?.name} → ${doing?.name}`],
      ['comment', 'ann', 'New comment on Ship it'],
    ]);
  });

  it('notifies no one for server writes, non-members, or an unchanged assignee', () => {
    const { doc, stored } = harness();
    let task = '';
    expect(
      stored(null, () => {
        task = createTask(doc, as('ann'), { projectId: FIRST_PROJECT_ID, title: 'x', assignee: 'bob' });
      }),
    ).toEqual([]);
    expect(stored('ann', () => updateTask(doc, as('ann'), task, { title: 'y' }))).toEqual([]);
    expect(stored('ann', () => updateTask(doc, as('ann'), task, { assignee: 'mallory' }))).toEqual([]);
  });

  it('M9: a malformed comment from a peer notifies no one', () => {
    const { doc, stored } = harness();
    const task = createTask(doc, as('ann'), { projectId: FIRST_PROJECT_ID, title: 'x' });
    const forged = (fields: Record<string, unknown>) => () =>
      doc.getMap('comments').set(crypto.randomUUID(), new Y.Map(Object.entries(fields)));
    const good = { taskId: task, body: 'hi', authorId: 'bob', createdAt: new Date(NOW).toISOString() };
    expect(stored('bob', forged({ ...good, createdAt: 'never' }))).toEqual([]);
    expect(stored('bob', forged({ ...good, body: 7 }))).toEqual([]);
    expect(stored('bob', forged({ ...good, taskId: 'no-such-task' }))).toEqual([]);
    expect(stored('bob', forged(good))).toEqual(['comment → ann']);
  });
});
