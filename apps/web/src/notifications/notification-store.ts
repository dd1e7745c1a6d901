/**
 * One person's notifications in this tab: the unread count and the newest page, cached in
 * localStorage so the list reads offline. The count moves from three sources, newest wins:
 * the server's push over any open sync connection (it reaches every tab that has a workspace
 * open), a relay from this person's other tabs (BroadcastChannel, for tabs without a socket, e.g.
 * the settings page), and a slow poll as the floor when neither exists.
 */
import { z } from 'zod';
import type { Session } from '../session/session.ts';
import { userKey } from '../session/storage-keys.ts';
import {
  type AppNotification,
  fetchNotifications,
  fetchUnread,
  markAllNotificationsRead,
  markNotificationRead,
  notificationSchema,
  pushSchema,
} from './notifications-api.ts';

export type NotificationState = {
  readonly unread: number | null;
  readonly items: readonly AppNotification[];
  readonly next: string | null;
  /** True once a page came from the server in this tab (the cache may be older). */
  readonly fresh: boolean;
  readonly error: string | null;
};

type RelayMessage = { type: 'unread'; unread: number } | { type: 'changed' };

const cacheSchema = z.object({
  unread: z.number().int().nonnegative().nullable(),
  items: z.array(notificationSchema),
  next: z.string().nullable(),
});

const POLL_MS = 30_000;
/** A count younger than this is not asked for again when the bell (re)subscribes. */
const FRESH_MS = 5_000;

export class NotificationStore {
  #state: NotificationState;
  readonly #listeners = new Set<() => void>();
  readonly #channel: BroadcastChannel;
  readonly #cacheKey: string;
  #timer: ReturnType<typeof setInterval> | undefined;
  #loading: Promise<void> | null = null;
  #counting: Promise<void> | null = null;
  #countedAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly userId: string,
    private readonly session: Session,
  ) {
    this.#cacheKey = userKey(userId, 'notifications');
    this.#state = { ...this.#readCache(), fresh: false, error: null };
    this.#channel = new BroadcastChannel(userKey(userId, 'notifications'));
    this.#channel.onmessage = (event: MessageEvent<RelayMessage>) => this.#receive(event.data);
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    if (this.#listeners.size === 1) this.#startPolling();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#stopPolling();
    };
  };

  readonly get = (): NotificationState => this.#state;

  /** A stateless message from the sync connection; anything but our push is ignored. */
  receivePush(payload: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      return;
    }
    const push = pushSchema.safeParse(parsed);
    if (!push.success) return;
    this.#setUnread(push.data.unread);
    this.#post({ type: 'unread', unread: push.data.unread });
    // The list changed too (a new notification, or one read elsewhere): fetch the newest page.
    void this.loadFirstPage().catch(() => undefined);
  }

  /**
   * Asks the server for the count: one request at a time, and none when one answered within
   * FRESH_MS unless `force` (a page load mounts the bell in several places and re-subscribes as
   * routes settle; each of those used to ask again, some twenty requests in the first second).
   */
  refreshCount(force = false): Promise<void> {
    // Only with a live token: asking while pending or expired would start refreshes of its own.
    if (this.session.get().auth !== 'valid') return Promise.resolve();
    if (this.#counting) return this.#counting;
    if (!force && Date.now() - this.#countedAt < FRESH_MS) return Promise.resolve();
    this.#counting = (async () => {
      try {
        this.#setUnread(await fetchUnread(this.session));
        this.#countedAt = Date.now();
      } catch {
        // Offline: the cached count stays.
      } finally {
        this.#counting = null;
      }
    })();
    return this.#counting;
  }

  loadFirstPage(): Promise<void> {
    if (this.session.get().auth !== 'valid') return Promise.resolve();
    this.#loading ??= (async () => {
      try {
        const page = await fetchNotifications(this.session);
        this.#update({ items: page.notifications, next: page.next, fresh: true, error: null });
        if (page.unread !== null) this.#setUnread(page.unread);
        this.#writeCache();
      } catch {
        this.#update({ error: this.#state.items.length ? null : 'Cannot load notifications while offline.' });
      } finally {
        this.#loading = null;
      }
    })();
    return this.#loading;
  }

  async loadMore(): Promise<void> {
    const { next, items } = this.#state;
    if (!next) return;
    const page = await fetchNotifications(this.session, next);
    const known = new Set(items.map((n) => n.id));
    this.#update({
      items: [...items, ...page.notifications.filter((n) => !known.has(n.id))],
      next: page.next ?? null,
    });
  }

  async markRead(id: string): Promise<void> {
    const item = this.#state.items.find((n) => n.id === id);
    if (!item || item.readAt) return;
    const at = new Date().toISOString();
    // Shown at once; the server's push then sets the exact count in every tab.
    this.#update({ items: this.#state.items.map((n) => (n.id === id ? { ...n, readAt: at } : n)) });
    if (this.#state.unread !== null) this.#setUnread(Math.max(0, this.#state.unread - 1));
    try {
      await markNotificationRead(this.session, id);
    } finally {
      this.#post({ type: 'changed' });
      await Promise.all([this.refreshCount(true), this.loadFirstPage()]);
    }
  }

  async markAllRead(): Promise<void> {
    const at = new Date().toISOString();
    this.#update({ items: this.#state.items.map((n) => (n.readAt ? n : { ...n, readAt: at })) });
    this.#setUnread(0);
    try {
      await markAllNotificationsRead(this.session);
    } finally {
      this.#post({ type: 'changed' });
      await Promise.all([this.refreshCount(true), this.loadFirstPage()]);
    }
  }

  #receive(message: RelayMessage): void {
    if (message.type === 'unread') {
      this.#setUnread(message.unread);
      if (this.#state.fresh) void this.loadFirstPage();
      return;
    }
    void this.refreshCount(true);
    void this.loadFirstPage();
  }

  #startPolling(): void {
    void this.refreshCount();
    this.#timer = setInterval(() => {
      if (document.visibilityState === 'visible' && navigator.onLine) void this.refreshCount(true);
    }, POLL_MS);
    window.addEventListener('online', this.#onWake);
    document.addEventListener('visibilitychange', this.#onWake);
  }

  #stopPolling(): void {
    clearInterval(this.#timer);
    window.removeEventListener('online', this.#onWake);
    document.removeEventListener('visibilitychange', this.#onWake);
  }

  readonly #onWake = (): void => {
    if (document.visibilityState === 'visible') void this.refreshCount(true);
  };

  #setUnread(unread: number): void {
    if (unread === this.#state.unread) return;
    this.#update({ unread });
    this.#writeCache();
  }

  #readCache(): Pick<NotificationState, 'unread' | 'items' | 'next'> {
    try {
      const parsed = cacheSchema.safeParse(JSON.parse(localStorage.getItem(this.#cacheKey) ?? 'null'));
      if (parsed.success) return parsed.data;
    } catch {
      // Corrupt cache: start empty, the server fills it.
    }
    return { unread: null, items: [], next: null };
  }

  #writeCache(): void {
    const { unread, items, next } = this.#state;
    try {
      localStorage.setItem(this.#cacheKey, JSON.stringify({ unread, items: items.slice(0, 50), next }));
    } catch {
      // Storage full: the list still works online.
    }
  }

  #post(message: RelayMessage): void {
    this.#channel.postMessage(message);
  }

  #update(patch: Partial<NotificationState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const l of this.#listeners) l();
  }
}

const stores = new Map<string, NotificationStore>();

export function notificationStore(userId: string, session: Session): NotificationStore {
  let store = stores.get(userId);
  if (!store) {
    store = new NotificationStore(userId, session);
    stores.set(userId, store);
  }
  return store;
}

/**
 * Each stateless message of a sync connection (given to openWorkspace as `onPush`); ignored until
 * the bell created the store.
 */
export function deliverPush(userId: string, payload: string): void {
  stores.get(userId)?.receivePush(payload);
}
