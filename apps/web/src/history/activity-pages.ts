/**
 * Cursor paging over an activity list, kept as "how many pages the person has opened". A live
 * refresh reads that many pages again from the start rather than patching the list: entries can
 * change in place (a deleted comment's earlier entries lose their text on the server), and a
 * task's list is rarely more than one page.
 */
import type { ActivityItem, ActivityPage } from './history-api.ts';

export type FetchPage = (cursor: string | null) => Promise<ActivityPage>;

export type Pages = { items: ActivityItem[]; nextCursor: string | null; pages: number };

export const NO_PAGES: Pages = { items: [], nextCursor: null, pages: 0 };

function append(items: readonly ActivityItem[], more: readonly ActivityItem[]): ActivityItem[] {
  const seen = new Set(items.map((i) => i.id));
  return [...items, ...more.filter((i) => !seen.has(i.id))];
}

/** The first `pages` pages (at least one), stopping early at the end of the list. */
export async function loadPages(fetchPage: FetchPage, pages: number): Promise<Pages> {
  let result: Pages = NO_PAGES;
  let cursor: string | null = null;
  do {
    const page = await fetchPage(cursor);
    result = {
      items: append(result.items, page.items),
      nextCursor: page.nextCursor,
      pages: result.pages + 1,
    };
    cursor = page.nextCursor;
  } while (cursor !== null && result.pages < pages);
  return result;
}

/** One page more after what is shown; unchanged at the end of the list. */
export async function loadMore(fetchPage: FetchPage, current: Pages): Promise<Pages> {
  if (current.nextCursor === null) return current;
  const page = await fetchPage(current.nextCursor);
  return { items: append(current.items, page.items), nextCursor: page.nextCursor, pages: current.pages + 1 };
}
