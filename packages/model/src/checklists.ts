/**
 * A task's checklist (issue 14): items added, renamed, ticked, reordered and removed by several
 * people at once. Each item is its own Y.Map under `check:<itemId>` on the task (structure-stored.ts),
 * ordered by a fractional rank, so a rename and a tick by two people both survive and two people
 * adding items offline keep both. Every operation is one transaction, one undo step's worth of
 * change, and one undo step (undo-targets.ts: `task-check` for an item added or removed,
 * `task-check-field` for one renamed, ticked or moved).
 */
import * as Y from 'yjs';
import { type Editor, getYMap, newId, write } from './doc.ts';
import { ModelError } from './errors.ts';
import { rankAt } from './rank.ts';
import { yTask } from './read.ts';
import { readChecklist } from './structure.ts';
import { CHECK_PREFIX, checklistTextSchema, STRUCTURE_LIMITS } from './structure-stored.ts';
import type { ChecklistItemValue } from './structure-values.ts';

function requireTask(doc: Y.Doc, taskId: string): Y.Map<unknown> {
  const task = yTask(doc, taskId);
  if (!task) throw new ModelError('not_found', 'That task does not exist.');
  return task;
}

function requireItem(task: Y.Map<unknown>, itemId: string): Y.Map<unknown> {
  const item = getYMap(task, CHECK_PREFIX + itemId);
  if (!item) throw new ModelError('not_found', 'That checklist item was removed.');
  return item;
}

function text(value: string): string {
  const parsed = checklistTextSchema.safeParse(value);
  if (!parsed.success) {
    throw new ModelError(
      'invalid_input',
      `A checklist item is 1 to ${STRUCTURE_LIMITS.checklistText} characters.`,
    );
  }
  return parsed.data;
}

/** Adds an item at `index` (default: the end) and returns its id. */
export function addChecklistItem(
  doc: Y.Doc,
  editor: Editor,
  taskId: string,
  value: string,
  index?: number,
): string {
  const itemText = text(value);
  return write(doc, editor, () => {
    const task = requireTask(doc, taskId);
    const items = readChecklist(doc, taskId);
    if (items.length >= STRUCTURE_LIMITS.checklistItems) {
      throw new ModelError(
        'invalid_input',
        `A checklist holds at most ${STRUCTURE_LIMITS.checklistItems} items.`,
      );
    }
    const id = newId();
    const item = new Y.Map<unknown>();
    item.set('text', itemText);
    item.set('rank', rankAt(items, index ?? items.length));
    item.set('done', false);
    task.set(CHECK_PREFIX + id, item);
    return id;
  });
}

export function renameChecklistItem(
  doc: Y.Doc,
  editor: Editor,
  taskId: string,
  itemId: string,
  value: string,
): void {
  const itemText = text(value);
  write(doc, editor, () => {
    const item = requireItem(requireTask(doc, taskId), itemId);
    if (item.get('text') !== itemText) item.set('text', itemText);
  });
}

export function setChecklistItemDone(
  doc: Y.Doc,
  editor: Editor,
  taskId: string,
  itemId: string,
  done: boolean,
): void {
  write(doc, editor, () => {
    const item = requireItem(requireTask(doc, taskId), itemId);
    if ((item.get('done') === true) !== done) item.set('done', done);
  });
}

/** Moves an item to `index` among the others (top = 0). */
export function moveChecklistItem(
  doc: Y.Doc,
  editor: Editor,
  taskId: string,
  itemId: string,
  index: number,
): void {
  write(doc, editor, () => {
    const item = requireItem(requireTask(doc, taskId), itemId);
    const others = readChecklist(doc, taskId).filter((i) => i.id !== itemId);
    item.set('rank', rankAt(others, index));
  });
}

/** Removes an item; a removal wins over a concurrent rename or tick of it. */
export function removeChecklistItem(doc: Y.Doc, editor: Editor, taskId: string, itemId: string): void {
  write(doc, editor, () => {
    const task = requireTask(doc, taskId);
    if (task.has(CHECK_PREFIX + itemId)) task.delete(CHECK_PREFIX + itemId);
  });
}

const CHECK_FIELDS = ['text', 'done', 'rank'] as const;
export type ChecklistField = (typeof CHECK_FIELDS)[number];

function checkedField(field: ChecklistField, value: unknown): unknown {
  if (field === 'text') return text(String(value));
  if (field === 'done') return value === true;
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) {
    throw new ModelError('invalid_input', 'That checklist position is not valid.');
  }
  return value;
}

/**
 * Undo's and redo's way to put an item back as it was: removed (null), or present with these
 * values — under its own id, so a redo and an earlier step still name it, and so a removal that
 * is undone is the same item again for everyone.
 */
export function putChecklistItem(
  doc: Y.Doc,
  editor: Editor,
  taskId: string,
  itemId: string,
  value: ChecklistItemValue | null,
): void {
  write(doc, editor, () => {
    const task = requireTask(doc, taskId);
    const key = CHECK_PREFIX + itemId;
    if (value === null) {
      if (task.has(key)) task.delete(key);
      return;
    }
    const existing = getYMap(task, key);
    if (!existing && readChecklist(doc, taskId).length >= STRUCTURE_LIMITS.checklistItems) {
      throw new ModelError(
        'invalid_input',
        `A checklist holds at most ${STRUCTURE_LIMITS.checklistItems} items.`,
      );
    }
    const item = existing ?? new Y.Map<unknown>();
    for (const field of CHECK_FIELDS) {
      const next = checkedField(field, value[field]);
      if (item.get(field) !== next) item.set(field, next);
    }
    if (!existing) task.set(key, item);
  });
}

/** Sets one value of an item (undo and redo of a rename, a tick or a move). */
export function setChecklistItemField(
  doc: Y.Doc,
  editor: Editor,
  taskId: string,
  itemId: string,
  field: ChecklistField,
  value: unknown,
): void {
  const next = checkedField(field, value);
  write(doc, editor, () => {
    const item = requireItem(requireTask(doc, taskId), itemId);
    if (item.get(field) !== next) item.set(field, next);
  });
}
