/**
 * History of a task's checklist and links (issue 14), for changes.ts: a transaction's changes to
 * them as field changes of the task, so the activity reads them in words like any field.
 */
import * as Y from 'yjs';
import { CHECK_PREFIX, LINK_PREFIX } from './structure-stored.ts';
import { checklistItemBefore, checklistItemValue, type LinkValue, linkValue } from './structure-values.ts';

type YMapLike = Y.Map<unknown>;
type KeyChange = { action: 'add' | 'update' | 'delete'; oldValue: unknown };
type FieldChange = { field: string; from: unknown; to: unknown };

const isYMap = (v: unknown): v is YMapLike => v instanceof Y.Map;
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/**
 * A task's checklist items and links, as changes of `checklist` (an item's text, done and rank
 * before → after; null where there was none) and `link` (type, the other task and its title then;
 * null where there was none). Keys of the task's own map (structure-stored.ts), so they are not
 * fields a reader of `TASK_FIELDS` sees.
 */
export function structureChanges(
  tasks: YMapLike,
  task: YMapLike,
  keys: Map<string, KeyChange>,
  items: readonly [string, Y.Map<unknown>, Map<string, KeyChange>][],
): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [key, change] of keys) {
    if (key.startsWith(CHECK_PREFIX)) {
      const from = change.action === 'add' ? null : checklistItemValue(change.oldValue);
      const to = change.action === 'delete' ? null : checklistItemValue(task.get(key));
      if (from || to) out.push({ field: 'checklist', from, to });
    } else if (key.startsWith(LINK_PREFIX)) {
      const id = key.slice(LINK_PREFIX.length);
      const from = change.action === 'add' ? null : linkValue(id, change.oldValue);
      const to = change.action === 'delete' ? null : linkValue(id, task.get(key));
      if (from || to) out.push({ field: 'link', from: titled(tasks, from), to: titled(tasks, to) });
    }
  }
  for (const [, item, itemKeys] of items) {
    const from = checklistItemBefore(item, itemKeys);
    const to = checklistItemValue(item);
    if (from && to && JSON.stringify(from) !== JSON.stringify(to)) out.push({ field: 'checklist', from, to });
  }
  return out;
}

/** A link's other task named by its title as it is now: history reads in words, not ids. */
function titled(tasks: YMapLike, link: LinkValue | null): (LinkValue & { title: string | null }) | null {
  if (!link) return null;
  const other = tasks.get(link.targetId);
  return { ...link, title: isYMap(other) ? str(other.get('title')) : null };
}
