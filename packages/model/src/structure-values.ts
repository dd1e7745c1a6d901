/**
 * A checklist item and a link as undo (undo-targets.ts) and history (changes.ts) see them: plain
 * values read as readers read them (structure.ts), also for an item removed in the transaction
 * being observed. A removed item's Y.Map is deleted with its keys, so `get` no longer answers;
 * the deleted items still hold their content while the transaction's observers run (Yjs collects
 * deleted content only after them), which is when both readers run.
 */
import * as Y from 'yjs';
import { readStoredLink } from './structure-stored.ts';

export type ChecklistItemValue = { text: string; done: boolean; rank: string };

function itemValue(get: (key: string) => unknown): ChecklistItemValue | null {
  const text = get('text');
  if (typeof text !== 'string' || text.length === 0) return null;
  const rank = get('rank');
  return {
    text: text.slice(0, 500),
    done: get('done') === true,
    rank: typeof rank === 'string' && rank.length > 0 && rank.length <= 200 ? rank : 'a0',
  };
}

/** An item's values; null for junk (not a map, no text). */
export function checklistItemValue(item: unknown): ChecklistItemValue | null {
  if (!(item instanceof Y.Map)) return null;
  const map = item as Y.Map<unknown>;
  if (!map._item?.deleted) return itemValue((key) => map.get(key));
  return itemValue((key) => {
    const last = map._map.get(key);
    return last?.content instanceof Y.ContentAny ? last.content.getContent().at(-1) : undefined;
  });
}

/** The item's values as they were before the changed keys took their new ones. */
export function checklistItemBefore(
  item: Y.Map<unknown>,
  keys: ReadonlyMap<string, { action: 'add' | 'update' | 'delete'; oldValue: unknown }>,
): ChecklistItemValue | null {
  return itemValue((key) => {
    const change = keys.get(key);
    if (!change) return item.get(key);
    return change.action === 'add' ? undefined : change.oldValue;
  });
}

/** A stored link's type and other end (its id and creator say nothing of what it links). */
export type LinkValue = { type: string; targetId: string };

export function linkValue(key: string, value: unknown): LinkValue | null {
  const link = readStoredLink(key, value);
  return link ? { type: link.type, targetId: link.targetId } : null;
}
