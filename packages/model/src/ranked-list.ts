/**
 * Sorted lists of ranked items ((rank, id) order, compareRanked): what the task index keeps per
 * column, per project plan and per sprint, updated by binary search instead of re-sorting.
 */
import { compareRanked, type Ranked } from './rank.ts';

/** The first position in `list` (sorted by compareRanked) whose item sorts at or after `item`. */
export function lowerBound(list: readonly Ranked[], item: Ranked): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareRanked(list[mid] as Ranked, item) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function insertRanked(list: Ranked[], item: Ranked): void {
  list.splice(lowerBound(list, item), 0, item);
}

export function removeRanked(list: Ranked[], item: Ranked): void {
  const at = lowerBound(list, item);
  if (list[at]?.id === item.id) list.splice(at, 1);
}

/**
 * Adds `item` to the sorted list at `outer` → `inner`, making both levels as needed. With
 * `unsorted`, appends instead: a bulk build sorts every list once at the end (sortNested).
 */
export function addNested<K>(
  lists: Map<string, Map<K, Ranked[]>>,
  outer: string,
  inner: K,
  item: Ranked,
  unsorted = false,
) {
  let byInner = lists.get(outer);
  if (!byInner) {
    byInner = new Map();
    lists.set(outer, byInner);
  }
  let list = byInner.get(inner);
  if (!list) {
    list = [];
    byInner.set(inner, list);
  }
  if (unsorted) list.push(item);
  else insertRanked(list, item);
}

/** Sorts every list of `lists` (after a bulk build appended to them). */
export function sortNested<K>(lists: Map<string, Map<K, Ranked[]>>): void {
  for (const byInner of lists.values()) for (const list of byInner.values()) list.sort(compareRanked);
}

/** Removes `item` from the sorted list at `outer` → `inner`, dropping a list left empty. */
export function removeNested<K>(lists: Map<string, Map<K, Ranked[]>>, outer: string, inner: K, item: Ranked) {
  const byInner = lists.get(outer);
  const list = byInner?.get(inner);
  if (!list) return;
  removeRanked(list, item);
  if (list.length === 0) byInner?.delete(inner);
}

/**
 * Several sorted lists as one, in (rank, id) order, lazily: reading the first n items costs n
 * steps of one comparison per list (the lists are few: a project's sprints).
 */
export function* mergeRanked(lists: readonly (readonly Ranked[])[]): Generator<Ranked> {
  if (lists.length === 1) {
    yield* lists[0] as readonly Ranked[];
    return;
  }
  const at = lists.map(() => 0);
  for (;;) {
    let best = -1;
    for (let k = 0; k < lists.length; k++) {
      const head = (lists[k] as readonly Ranked[])[at[k] as number];
      if (head && (best < 0 || compareRanked(head, lists[best]?.[at[best] as number] as Ranked) < 0))
        best = k;
    }
    if (best < 0) return;
    yield (lists[best] as readonly Ranked[])[at[best] as number] as Ranked;
    at[best] = (at[best] as number) + 1;
  }
}

/** The same, from the end backwards. */
export function* mergeRankedReversed(lists: readonly (readonly Ranked[])[]): Generator<Ranked> {
  const at = lists.map((l) => l.length - 1);
  for (;;) {
    let best = -1;
    for (let k = 0; k < lists.length; k++) {
      const head = (lists[k] as readonly Ranked[])[at[k] as number];
      if (head && (best < 0 || compareRanked(head, lists[best]?.[at[best] as number] as Ranked) > 0))
        best = k;
    }
    if (best < 0) return;
    yield (lists[best] as readonly Ranked[])[at[best] as number] as Ranked;
    at[best] = (at[best] as number) - 1;
  }
}
