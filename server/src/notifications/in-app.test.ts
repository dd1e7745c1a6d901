import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TempDb, tempDb } from '../../test/automations/temp-db.ts';
import { InAppStore } from './in-app.ts';

let t: TempDb;
let now: number;

beforeEach(() => {
  t = tempDb('taskflow-inapp-');
  now = Date.UTC(2026, 10, 22, 12);
});
afterEach(() => t.cleanup());

const add = (store: InAppStore, userId: string, key: string) =>
  store.add({
    userId,
    dedupeKey: key,
    kind: 'assigned',
    workspaceId: 'w',
    taskId: 't',
    title: key,
    body: '',
  });

describe('in-app notifications', () => {
  it('N1: adding the same (user, key) twice keeps one; another user has their own', () => {
    const store = new InAppStore(t.db, () => now);
    expect(add(store, 'bob', 'k1')?.title).toBe('k1');
    expect(add(store, 'bob', 'k1')).toBeNull();
    expect(add(store, 'zoe', 'k1')).not.toBeNull();
    expect(store.unreadCount('bob')).toBe(1);
    expect(store.unreadCount('zoe')).toBe(1);
  });

  it('N2: lists newest first in stable pages', () => {
    const store = new InAppStore(t.db, () => now++);
    for (let i = 0; i < 5; i++) add(store, 'bob', `k${i}`);
    const first = store.list('bob', { limit: 2 });
    expect(first.items.map((n) => n.title)).toEqual(['k4', 'k3']);
    add(store, 'bob', 'k5'); // arriving meanwhile does not shift the next page
    const second = store.list('bob', { limit: 2, before: first.nextCursor });
    expect(second.items.map((n) => n.title)).toEqual(['k2', 'k1']);
    const last = store.list('bob', { limit: 2, before: second.nextCursor });
    expect(last).toMatchObject({ items: [{ title: 'k0' }], nextCursor: null });
  });

  it("N3: mark one read (only one's own), then all; the unread count follows", () => {
    const store = new InAppStore(t.db, () => now);
    const a = add(store, 'bob', 'a');
    add(store, 'bob', 'b');
    add(store, 'bob', 'c');
    expect(store.unreadCount('bob')).toBe(3);
    expect(store.markRead(a?.id ?? -1, 'zoe')).toBe(false);
    expect(store.unreadCount('bob')).toBe(3);
    expect(store.markRead(a?.id ?? -1, 'bob')).toBe(true);
    expect(store.markRead(a?.id ?? -1, 'bob')).toBe(true); // idempotent
    expect(store.unreadCount('bob')).toBe(2);
    expect(store.list('bob', { unreadOnly: true }).items.map((n) => n.title)).toEqual(['c', 'b']);
    expect(store.markAllRead('bob')).toBe(2);
    expect(store.unreadCount('bob')).toBe(0);
    expect(store.list('bob').items.every((n) => n.readAt === now)).toBe(true);
  });
});
