/**
 * The in-app notifications behind the bell. Adding is idempotent per (user, dedupe key), so the
 * ticker can add inside its exactly-once transaction and event hooks can retry freely. Read state
 * lives here, not in a tab, so it shows on every device (push to open tabs is the sync wiring).
 */
import type { Database } from '../persistence/engine/port.ts';
import type { NotificationKind } from './kinds.ts';

export type InAppNotification = {
  id: number;
  userId: string;
  kind: NotificationKind;
  workspaceId: string | null;
  taskId: string | null;
  title: string;
  body: string;
  createdAt: number;
  readAt: number | null;
};

type Row = {
  id: number;
  user_id: string;
  kind: NotificationKind;
  workspace_id: string | null;
  task_id: string | null;
  title: string;
  body: string;
  created_at: number;
  read_at: number | null;
};

const toNotification = (r: Row): InAppNotification => ({
  id: r.id,
  userId: r.user_id,
  kind: r.kind,
  workspaceId: r.workspace_id,
  taskId: r.task_id,
  title: r.title,
  body: r.body,
  createdAt: r.created_at,
  readAt: r.read_at,
});

export type NewInApp = {
  userId: string;
  dedupeKey: string;
  kind: NotificationKind;
  workspaceId?: string | null;
  taskId?: string | null;
  title: string;
  body: string;
};

export type Page = { items: InAppNotification[]; nextCursor: number | null };

export const MAX_PAGE = 100;

export class InAppStore {
  readonly #db: Database;
  readonly #now: () => number;

  constructor(db: Database, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  /** Adds a notification; returns it when new, null when this (user, key) exists already. */
  add(input: NewInApp): InAppNotification | null {
    const row = this.#db
      .prepare<[string, string, string, string | null, string | null, string, string, number], Row>(
        `INSERT INTO notifications (user_id, dedupe_key, kind, workspace_id, task_id, title, body, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, dedupe_key) DO NOTHING RETURNING *`,
      )
      .get(
        input.userId,
        input.dedupeKey,
        input.kind,
        input.workspaceId ?? null,
        input.taskId ?? null,
        input.title.slice(0, 500),
        input.body.slice(0, 2000),
        this.#now(),
      );
    return row ? toNotification(row) : null;
  }

  /**
   * Newest first, by id (ids grow with insertion, so the cursor is stable while new ones arrive:
   * a page never repeats or skips an item the way an offset would).
   */
  list(userId: string, options: { before?: number | null; limit?: number; unreadOnly?: boolean } = {}): Page {
    const limit = Math.max(1, Math.min(MAX_PAGE, options.limit ?? 20));
    const rows = this.#db
      .prepare<[string, number, number, number], Row>(
        `SELECT * FROM notifications WHERE user_id = ? AND id < ? AND (? = 0 OR read_at IS NULL)
         ORDER BY id DESC LIMIT ?`,
      )
      .all(userId, options.before ?? Number.MAX_SAFE_INTEGER, options.unreadOnly ? 1 : 0, limit + 1);
    const items = rows.slice(0, limit).map(toNotification);
    return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
  }

  unreadCount(userId: string): number {
    return (
      this.#db
        .prepare<[string], { n: number }>(
          'SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL',
        )
        .get(userId)?.n ?? 0
    );
  }

  /**
   * Marks one read. The user id is part of the match, so nobody can read someone else's; the
   * result does not tell "not yours" from "no such id" (authorization before existence).
   */
  markRead(id: number, userId: string): boolean {
    const found = this.#db
      .prepare<[number, string], { read_at: number | null }>(
        'SELECT read_at FROM notifications WHERE id = ? AND user_id = ?',
      )
      .get(id, userId);
    if (!found) return false;
    if (found.read_at === null) {
      this.#db
        .prepare('UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ?')
        .run(this.#now(), id, userId);
    }
    return true;
  }

  /** Marks every unread one read; returns how many changed. */
  markAllRead(userId: string): number {
    return this.#db
      .prepare('UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL')
      .run(this.#now(), userId).changes;
  }
}
