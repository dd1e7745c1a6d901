import { describe, expect, it } from 'vitest';
import { type FetchPage, loadMore, loadPages, NO_PAGES } from './activity-pages.ts';
import { type ActivityItem, activityItemSchema } from './history-api.ts';

function entry(n: number): ActivityItem {
  return activityItemSchema.parse({
    id: `e${n}`,
    kind: 'task.updated',
    entityId: 't1',
    actorId: 'ann',
    actorName: 'Ann',
    madeAt: '2026-03-02T09:00:00Z',
    arrivedAt: '2026-03-02T09:00:00Z',
    offline: false,
    changes: [],
  });
}

/** A list served in pages of `size`, the cursor being the next index, as a server would. */
function served(list: ActivityItem[], size: number): { fetch: FetchPage; calls: (string | null)[] } {
  const calls: (string | null)[] = [];
  const fetch: FetchPage = async (cursor) => {
    calls.push(cursor);
    const start = cursor === null ? 0 : Number(cursor);
    const end = start + size;
    return { items: list.slice(start, end), nextCursor: end < list.length ? String(end) : null };
  };
  return { fetch, calls };
}

const ids = (items: readonly ActivityItem[]) => items.map((i) => i.id);

describe('activity paging', () => {
  it('opens one page, then one more per "Show more", until the end', async () => {
    const list = Array.from({ length: 5 }, (_, i) => entry(i));
    const { fetch } = served(list, 2);
    let pages = await loadPages(fetch, 1);
    expect(ids(pages.items)).toEqual(['e0', 'e1']);
    pages = await loadMore(fetch, pages);
    pages = await loadMore(fetch, pages);
    expect(ids(pages.items)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
    expect(pages.nextCursor).toBeNull();
    expect(await loadMore(fetch, pages)).toBe(pages);
  });

  it('refreshes as many pages as were open, and picks up entries added since', async () => {
    const list = Array.from({ length: 4 }, (_, i) => entry(i));
    const { fetch, calls } = served(list, 2);
    const opened = await loadMore(fetch, await loadPages(fetch, 1));
    list.push(entry(4));
    calls.length = 0;
    const refreshed = await loadPages(fetch, opened.pages);
    expect(calls).toEqual([null, '2']);
    expect(ids(refreshed.items)).toEqual(['e0', 'e1', 'e2', 'e3']);
    expect(refreshed.nextCursor).toBe('4');
    expect(ids((await loadMore(fetch, refreshed)).items)).toContain('e4');
  });

  it('stops at the end even when more pages were open, and reads an empty list as one page', async () => {
    const { fetch, calls } = served([entry(0)], 2);
    expect(ids((await loadPages(fetch, 5)).items)).toEqual(['e0']);
    expect(calls).toEqual([null]);
    const empty = await loadPages(served([], 2).fetch, 1);
    expect(empty).toEqual({ ...NO_PAGES, pages: 1 });
  });

  it('shows an entry once when a page boundary shifts under it', async () => {
    const first = { items: [entry(0), entry(1)], nextCursor: 'x' };
    const second = { items: [entry(1), entry(2)], nextCursor: null };
    const fetch: FetchPage = async (cursor) => (cursor === null ? first : second);
    expect(ids((await loadMore(fetch, await loadPages(fetch, 1))).items)).toEqual(['e0', 'e1', 'e2']);
  });
});
