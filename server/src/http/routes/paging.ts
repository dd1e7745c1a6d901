/**
 * Pages of the list routes (issue 13): `?limit=` (default 100, at most 500) and `?cursor=` (the
 * previous page's `nextCursor`), keyset on a stable order, so a page never repeats or skips an item
 * that stayed in place while others were added or removed between pages. The cursor is opaque: the
 * last item's sort key as base64url JSON, tagged with what it pages (a comments cursor is not a
 * tasks cursor). Anything else is a 400, like the history cursors (history-items.ts).
 */
import { z } from 'zod';
import { ApiError } from '../../errors.ts';

export type Key = readonly (string | number)[];

export function encodePageCursor(tag: string, key: Key): string {
  return Buffer.from(JSON.stringify([tag, ...key])).toString('base64url');
}

const keyPart = z.union([z.string().max(1_000), z.number()]);

/** A key of `arity` parts, each a string or a number. */
export const anyKey = (arity: number) => z.array(keyPart).length(arity);

/** The key a cursor carries, when it is one of ours for `tag` and fits `key`; a 400 otherwise. */
export function decodePageCursor<S extends z.ZodType>(tag: string, key: S, cursor: string): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    raw = undefined;
  }
  const parsed = Array.isArray(raw) && raw[0] === tag ? key.safeParse(raw.slice(1)) : undefined;
  if (!parsed?.success)
    throw new ApiError('invalid_input', 'That cursor is not one this server gave out for this list.', [
      { path: 'cursor', message: 'Pass the nextCursor of the previous page of the same list, unchanged.' },
    ]);
  return parsed.data;
}

/** Compares two keys part by part (numbers as numbers, strings by code unit). */
export function compareKeys(a: Key, b: Key): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

export type Page<T> = { items: T[]; nextCursor: string | null };

/**
 * A page of a list held in memory (already read: members, sprints, a task's comments): the items
 * after the cursor's key in `keyOf` order (`desc`: newest first), at most `limit`.
 */
export function pageOf<T>(
  all: readonly T[],
  keyOf: (item: T) => Key,
  q: { limit: number; cursor?: string | undefined },
  list: { tag: string; arity: number; desc?: boolean },
): Page<T> {
  const { tag, arity } = list;
  const sign = list.desc ? -1 : 1;
  const order = (a: Key, b: Key) => sign * compareKeys(a, b);
  const after = q.cursor === undefined ? undefined : decodePageCursor(tag, anyKey(arity), q.cursor);
  const keyed = all.map((item) => ({ item, key: keyOf(item) })).sort((a, b) => order(a.key, b.key));
  const rest = after === undefined ? keyed : keyed.filter((k) => order(k.key, after) > 0);
  const page = rest.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((k) => k.item),
    nextCursor: rest.length > q.limit && last ? encodePageCursor(tag, last.key) : null,
  };
}
