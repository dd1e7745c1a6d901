/**
 * Which entries of a root map (`tasks`, `worklogs`) a transaction wrote, from Yjs's own record of
 * it (`transaction.changed`, filled as each item is written, so it also answers mid-transaction):
 * keys of the root map itself, an entry's own map, or a map inside an entry (a task's placement).
 * What the indexes (task-index.ts, worklog-index.ts) refresh.
 */
import type * as Y from 'yjs';

export function markTouchedEntries(
  changed: Y.Transaction['changed'],
  root: Y.AbstractType<unknown>,
  into: Set<string>,
): void {
  const target: unknown = root;
  for (const [type, keys] of changed) {
    if (type === target) {
      for (const k of keys) if (k !== null) into.add(k);
      continue;
    }
    const item = type._item;
    if (!item) continue;
    if (item.parent === target && item.parentSub !== null) {
      into.add(item.parentSub);
      continue;
    }
    const owner = (item.parent as { _item?: Y.Item | null } | null)?._item;
    if (owner && owner.parent === target && owner.parentSub !== null) into.add(owner.parentSub);
  }
}
