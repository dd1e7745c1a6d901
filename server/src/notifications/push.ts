/**
 * Tells a user's open tabs their unread count changed: `{"type":"notifications","unread":N}` as a
 * Hocuspocus stateless message on each of their sync connections (docs/PROTOCOL.md). The count is
 * read from the database at send time, so a push is never stale relative to what REST would answer.
 * With several processes (REDIS_URL) cluster/push-bus.ts wraps this: each process pushes to the
 * sockets it holds.
 */
import type { LiveConnections } from '../sync/live-connections.ts';
import type { InAppStore } from './in-app.ts';

export type UnreadMessage = { type: 'notifications'; unread: number };

export class NotificationPush {
  readonly #inApp: InAppStore;
  #live: LiveConnections | undefined;

  constructor(inApp: InAppStore) {
    this.#inApp = inApp;
  }

  /** The sync server's connections; set once it exists (its extensions need this object first). */
  attach(live: LiveConnections): void {
    this.#live = live;
  }

  /** Pushes the current count to everyone connected here (pushes from other processes may have been lost). */
  resyncAll(): void {
    const live = this.#live;
    if (live) this.unreadChanged(live.userIds());
  }

  /** Pushes the current unread count to each user once (duplicates in `userIds` are ignored). */
  unreadChanged(userIds: Iterable<string>): void {
    const live = this.#live;
    if (!live) return;
    for (const userId of new Set(userIds)) {
      const message: UnreadMessage = { type: 'notifications', unread: this.#inApp.unreadCount(userId) };
      live.sendToUser(userId, JSON.stringify(message));
    }
  }
}
