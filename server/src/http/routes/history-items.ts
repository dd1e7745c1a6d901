/**
 * The shape of one history entry over REST, from the activity table or the ticker's records, and
 * the opaque page cursors. A cursor is ours when it decodes to a page key; anything else is a 400.
 */
import { z } from 'zod';
import { ApiError } from '../../errors.ts';
import type { PageKey, StoredEntry } from '../../history/activity-store.ts';

/** A change that arrived this much after it was made was made offline (or on a stalled connection). */
export const OFFLINE_AFTER_MS = 60_000;

export type ActivityItem = {
  id: string;
  kind: string;
  taskId: string | null;
  entityId: string;
  projectId: string | null;
  actorId: string | null;
  actorName: string;
  madeAt: string;
  arrivedAt: string;
  offline: boolean;
  changes: { field: string; from: unknown; to: unknown }[];
  /** Where this item sorts (the next page's cursor); not sent. */
  key: PageKey;
};

const iso = (ms: number) => new Date(ms).toISOString();

export function itemOf(e: StoredEntry, nameOf: (userId: string | null) => string): ActivityItem {
  return {
    id: `a${e.id}`,
    kind: e.kind,
    taskId: e.taskId,
    entityId: e.entityId,
    projectId: e.projectId,
    actorId: e.actorId,
    actorName: nameOf(e.actorId),
    madeAt: iso(e.madeAt),
    arrivedAt: iso(e.arrivedAt),
    offline: e.arrivedAt - e.madeAt > OFFLINE_AFTER_MS,
    changes: e.changes,
    key: { at: e.arrivedAt, src: 0, id: e.id },
  };
}

const TICKER_KIND: Record<string, string> = {
  before: 'reminder.sent',
  at: 'reminder.sent',
  overdue: 'reminder.escalated',
  occurrence: 'task.recurred',
};

/** What the ticker did for a task, as a history entry by Taskflow itself. */
export function tickerItem(
  taskId: string,
  f: { id: number; kind: string; deadlineAt: number; firedAt: number; superseded: boolean },
): ActivityItem {
  return {
    id: `f${f.id}`,
    kind: TICKER_KIND[f.kind] ?? `reminder.${f.kind}`,
    taskId,
    entityId: taskId,
    projectId: null,
    actorId: null,
    actorName: 'Taskflow',
    madeAt: iso(f.firedAt),
    arrivedAt: iso(f.firedAt),
    offline: false,
    changes: [
      { field: f.kind === 'occurrence' ? 'occurrence' : 'deadline', from: null, to: iso(f.deadlineAt) },
      { field: 'step', from: null, to: f.kind },
      ...(f.superseded ? [{ field: 'superseded', from: null, to: true }] : []),
    ],
    key: { at: f.firedAt, src: 1, id: f.id },
  };
}

const pageKey = z.tuple([
  z.number().int(),
  z.union([z.literal(0), z.literal(1)]),
  z.number().int().nonnegative(),
]);

export function encodeCursor(key: PageKey): string {
  return Buffer.from(JSON.stringify([key.at, key.src, key.id])).toString('base64url');
}

export function decodeCursor(cursor: string): PageKey {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    raw = undefined;
  }
  const parsed = pageKey.safeParse(raw);
  if (!parsed.success) throw new ApiError('invalid_input', 'That cursor is not one this server gave out.');
  const [at, src, id] = parsed.data;
  return { at, src, id };
}
