/**
 * The last answer of each report, kept so the Reports page still shows it offline. Stored in
 * localStorage under the person's prefix (session/storage-keys.ts), so signing out removes it with
 * the rest of their data; keyed by the report's path, which names the workspace and the query.
 * What comes back from storage is checked with the report's schema like any other input: an old
 * app version may have written another shape.
 */
import type { z } from 'zod';
import { userKey } from '../session/storage-keys.ts';

export type CachedReport<T> = { body: T; savedAt: string };

const PART = 'report';

function keyOf(userId: string, path: string): string {
  return userKey(userId, PART, path);
}

export function loadReport<T>(userId: string, path: string, schema: z.ZodType<T>): CachedReport<T> | null {
  let stored: unknown;
  try {
    stored = JSON.parse(localStorage.getItem(keyOf(userId, path)) ?? 'null');
  } catch {
    return null;
  }
  if (typeof stored !== 'object' || stored === null) return null;
  const { body, savedAt } = stored as { body?: unknown; savedAt?: unknown };
  const parsed = schema.safeParse(body);
  if (!parsed.success || typeof savedAt !== 'string') return null;
  return { body: parsed.data, savedAt };
}

/** Best effort: a full storage drops the other cached reports once and tries again, then gives up. */
export function saveReport(userId: string, path: string, body: unknown, savedAt = new Date()): void {
  const text = JSON.stringify({ body, savedAt: savedAt.toISOString() });
  try {
    localStorage.setItem(keyOf(userId, path), text);
  } catch {
    dropReports(userId);
    try {
      localStorage.setItem(keyOf(userId, path), text);
    } catch {
      // Too big to keep: the report still shows now, only not offline.
    }
  }
}

function dropReports(userId: string): void {
  const prefix = userKey(userId, PART, '');
  const keys: string[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key?.startsWith(prefix)) keys.push(key);
  }
  for (const key of keys) localStorage.removeItem(key);
}
