/**
 * The server's list routes answer a page at a time (issue 13): up to `limit` items and a
 * `nextCursor` (null on the last page). Lists the app shows whole (members, invitations, my
 * workspaces, dead letters) follow the cursors, in pages of the largest size the server allows.
 */
import type { z } from 'zod';

export const PAGE_MAX = 500;

type Api = <T>(path: string, schema: z.ZodType<T>) => Promise<T>;

/** Every item of a paged list: `items` picks a page's array out of its answer. */
export async function allPages<P extends { nextCursor?: string | null | undefined }, T>(
  api: Api,
  path: string,
  schema: z.ZodType<P>,
  items: (page: P) => readonly T[],
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1_000; pages++) {
    const query = `limit=${PAGE_MAX}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
    const page: P = await api(`${path}${path.includes('?') ? '&' : '?'}${query}`, schema);
    out.push(...items(page));
    cursor = page.nextCursor ?? null;
    if (cursor === null) break;
  }
  return out;
}
