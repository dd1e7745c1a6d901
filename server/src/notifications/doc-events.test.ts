/**
 * Document events over the real stores (a migrated SQLite file in a temp dir): which edits write
 * which in-app rows and outbox emails, and to whom. Only the clock is injected. The push is real
 * but unattached: with no sync server's connections it sends nothing (push.ts), which is all a
 * unit test without sockets needs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addComment,
  createTask,
  type Editor,
  FIRST_PROJECT_ID,
  moveTask,
  readColumns,
  seedWorkspace,
  taskWalks,
  updateTask,
} from '@taskflow/model';
import type Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { type User, Users } from '../accounts/users.ts';
import { Workspaces } from '../accounts/workspaces.ts';
import { openDatabase } from '../persistence/database.ts';
import { DocumentEvents } from './doc-events.ts';
import { InAppStore } from './in-app.ts';
import { type OutboxMessage, OutboxStore } from './outbox.ts';
import { NotificationPush } from './push.ts';
import { TaskViews } from './task-views.ts';

const W = 'w1';
const NOW = Date.UTC(2026, 10, 22, 9);
const clock = () => NOW;
const as = (user: User): Editor => ({ origin: { kind: 'user', actorId: user.id }, now: clock });

let dir: string;
let db: Database.Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'taskflow-doc-events-'));
  db = openDatabase({ dataDir: dir, synchronous: 'normal' });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * DocumentEvents over real stores: Ann owns workspace W, Bob is a member, Mallory has an account
 * but is not in W.
 */
function harness() {
  const users = new Users(db, clock);
  const user = (name: string): User => {
    const u = users.create({ email: `${name.toLowerCase()}@example.com`, name, passwordHash: 'h' });
    if (u === 'email_taken') throw new Error(`${name} exists already`);
    return u;
  };
  const ann = user('Ann');
  const bob = user('Bob');
  const mallory = user('Mallory');
  const workspaces = new Workspaces(db, clock);
  workspaces.create('Acme', ann.id, W);
  workspaces.setRole(W, bob.id, 'member');
  const inApp = new InAppStore(db, clock);
  const outbox = new OutboxStore(db);
  let row = 0;
  /** The update log as the views see it: `row` is the newest stored update (0: none yet). */
  const log = { lastId: () => (row === 0 ? null : row) };
  const views = new TaskViews(db);
  /** A DocumentEvents following `doc`, as a fresh load of it would make one. */
  const load = () => {
    const events = new DocumentEvents({
      workspaces,
      users,
      inApp,
      outbox,
      now: clock,
      push: new NotificationPush(inApp),
      views,
      log,
      logger: pino({ level: 'silent' }),
    });
    events.attach(W, doc);
    return events;
  };
  const doc = new Y.Doc();
  seedWorkspace(doc, { workspaceId: W, now: clock });
  let events = load();

  const names = new Map([ann, bob, mallory].map((u) => [u.id, u.name]));
  const nameOf = (id: string | null) => (id === null ? null : (names.get(id) ?? id));
  /** Outbox ids count up from 1 and these tests never reuse a key, so rows are read by id. */
  const emails: OutboxMessage[] = [];
  const readNewEmails = (): OutboxMessage[] => {
    const fresh: OutboxMessage[] = [];
    for (let m = outbox.get(emails.length + 1); m; m = outbox.get(emails.length + 1)) {
      // The outbox refuses a payload its kind does not allow; what it stored must read back valid.
      expect(m.notification, `outbox row ${m.id}`).not.toBeNull();
      emails.push(m);
      fresh.push(m);
    }
    return fresh;
  };
  /** One stored update by `actor`: what it emailed, as `kind → user name`. */
  const stored = (actor: User | null, edit: () => void): string[] => {
    edit();
    events.afterAppend(W, ++row, actor?.id ?? null);
    return readNewEmails().map((e) => `${e.kind} → ${nameOf(e.userId)}`);
  };
  /** Every in-app row of W's people, oldest first, as `[kind, user name, title]`. */
  const inAppRows = () =>
    [ann, bob, mallory]
      .flatMap((u) => inApp.list(u.id, { limit: 100 }).items)
      .sort((a, b) => a.id - b.id)
      .map((n) => [n.kind, nameOf(n.userId), n.title]);
  const lastEmail = () => emails.at(-1)?.notification?.payload;
  /** The document unloads and loads again (its state unchanged); `behind`: a row the views missed. */
  const reload = (behind = false) => {
    doc.emit('destroy', [doc]);
    if (behind) row += 1;
    events = load();
  };
  return { doc, stored, inApp, inAppRows, lastEmail, reload, ann, bob, mallory, users, workspaces, views };
}

describe('document events', () => {
  it('notifies an assignment, a move and a comment to the people they concern, never the author', () => {
    const { doc, stored, inApp, inAppRows, lastEmail, ann, bob } = harness();
    let task = '';
    expect(
      stored(ann, () => {
        task = createTask(doc, as(ann), { projectId: FIRST_PROJECT_ID, title: 'Ship it', assignee: bob.id });
      }),
    ).toEqual(['assigned → Bob']);
    const [todo, doing] = readColumns(doc, FIRST_PROJECT_ID);
    expect(stored(bob, () => moveTask(doc, as(bob), task, doing?.id ?? '', 0))).toEqual([
      'status_changed → Ann',
    ]);
    expect(lastEmail()).toMatchObject({ byName: 'Bob', from: todo?.name, to: doing?.name });
    expect(stored(bob, () => addComment(doc, as(bob), task, 'Done soon'))).toEqual(['comment → Ann']);
    expect(lastEmail()).toMatchObject({ excerpt: 'Done soon', taskTitle: 'Ship it' });
    expect(inAppRows()).toEqual([
      ['assigned', 'Bob', 'Assigned to you: Ship it'],
      ['status_changed', 'Ann', `Ship it: ${todo?.name} → ${doing?.name}`],
      ['comment', 'Ann', 'New comment on Ship it'],
    ]);
    expect([inApp.unreadCount(ann.id), inApp.unreadCount(bob.id)]).toEqual([2, 1]);
  });

  it('notifies no one for server writes, non-members, or an unchanged assignee', () => {
    const { doc, stored, inAppRows, ann, bob, mallory } = harness();
    let task = '';
    expect(
      stored(null, () => {
        task = createTask(doc, as(ann), { projectId: FIRST_PROJECT_ID, title: 'x', assignee: bob.id });
      }),
    ).toEqual([]);
    expect(stored(ann, () => updateTask(doc, as(ann), task, { title: 'y' }))).toEqual([]);
    expect(stored(ann, () => updateTask(doc, as(ann), task, { assignee: mallory.id }))).toEqual([]);
    expect(inAppRows()).toEqual([]);
  });

  it('M9: a malformed comment from a peer notifies no one', () => {
    const { doc, stored, ann, bob } = harness();
    const task = createTask(doc, as(ann), { projectId: FIRST_PROJECT_ID, title: 'x' });
    const forged = (fields: Record<string, unknown>) => () =>
      doc.getMap('comments').set(crypto.randomUUID(), new Y.Map(Object.entries(fields)));
    const good = { taskId: task, body: 'hi', authorId: bob.id, createdAt: new Date(NOW).toISOString() };
    expect(stored(bob, forged({ ...good, createdAt: 'never' }))).toEqual([]);
    expect(stored(bob, forged({ ...good, body: 7 }))).toEqual([]);
    expect(stored(bob, forged({ ...good, taskId: 'no-such-task' }))).toEqual([]);
    expect(stored(bob, forged(good))).toEqual(['comment → Ann']);
  });

  it('a load whose views are current walks no task, and still compares edits against the stored views', () => {
    const { doc, stored, reload, lastEmail, ann, bob } = harness();
    let task = '';
    stored(ann, () => {
      task = createTask(doc, as(ann), { projectId: FIRST_PROJECT_ID, title: 'Ship it' });
    });
    const walks = taskWalks(doc);
    reload();
    expect(taskWalks(doc), 'no walk at load').toBe(walks);
    expect(stored(ann, () => updateTask(doc, as(ann), task, { assignee: bob.id }))).toEqual([
      'assigned → Bob',
    ]);
    reload();
    // Unchanged assignee: no second notice, because the stored view already names Bob.
    expect(stored(ann, () => updateTask(doc, as(ann), task, { title: 'Ship it now' }))).toEqual([]);
    const [todo, doing] = readColumns(doc, FIRST_PROJECT_ID);
    expect(stored(bob, () => moveTask(doc, as(bob), task, doing?.id ?? '', 0))).toEqual([
      'status_changed → Ann',
    ]);
    expect(lastEmail()).toMatchObject({ from: todo?.name, to: doing?.name });
    expect(taskWalks(doc)).toBe(walks);
  });

  it('a load whose views are behind the log rebuilds them with one walk', () => {
    const { doc, stored, reload, ann, bob } = harness();
    let task = '';
    stored(ann, () => {
      task = createTask(doc, as(ann), { projectId: FIRST_PROJECT_ID, title: 'Ship it' });
    });
    // An update stored without its notices (as after a crash or a failed pass): assigned to Bob.
    updateTask(doc, as(ann), task, { assignee: bob.id });
    const walks = taskWalks(doc);
    reload(true);
    expect(taskWalks(doc)).toBe(walks + 1);
    // The rebuilt view knows Bob already: re-saving the same assignee notifies no one.
    expect(stored(ann, () => updateTask(doc, as(ann), task, { assignee: bob.id, title: 'x' }))).toEqual([]);
  });

  it('an edit that notifies nobody reads no account or workspace, and one that changes no view writes none (issue 13: per-update cost)', () => {
    const { doc, stored, ann, bob, users, workspaces, views } = harness();
    const task = createTask(doc, as(ann), { projectId: FIRST_PROJECT_ID, title: 'Mine' });
    stored(ann, () => undefined);
    const [, doing] = readColumns(doc, FIRST_PROJECT_ID);
    const reads = [vi.spyOn(users, 'get'), vi.spyOn(workspaces, 'get'), vi.spyOn(workspaces, 'exists')];
    const puts = vi.spyOn(views, 'put');
    // Ann moves and renames her own task: she is its only follower, and never told of her own edits.
    expect(stored(ann, () => moveTask(doc, as(ann), task, doing?.id ?? '', 0))).toEqual([]);
    expect(puts).toHaveBeenCalledTimes(1);
    expect(stored(ann, () => updateTask(doc, as(ann), task, { title: 'Still mine' }))).toEqual([]);
    expect(puts).toHaveBeenCalledTimes(1);
    for (const read of reads) expect(read).not.toHaveBeenCalled();
    // Assigning it to Bob notifies him: then the names are read.
    expect(stored(ann, () => updateTask(doc, as(ann), task, { assignee: bob.id }))).toEqual([
      'assigned → Bob',
    ]);
    expect(puts).toHaveBeenCalledTimes(2);
    for (const read of reads) expect(read).toHaveBeenCalledTimes(1);
  });
});
