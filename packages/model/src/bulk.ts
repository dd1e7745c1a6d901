/**
 * One action on many tasks at once (the list view's bulk bar, issue 14): move to a column, assign,
 * add or remove a label, set the priority, archive. All of it is **one** transaction, so it is one
 * undo step (undo.ts) and one update on the wire.
 *
 * Everything is checked before anything is written: a Yjs transaction cannot be rolled back, so a
 * refusal half-way would leave half the tasks changed. Each task's new value goes through the same
 * schema `updateTask` uses; a task that already holds the value is not rewritten (no needless
 * history, nothing for undo to put back), as `updateTask` does for one task.
 *
 * Concurrent edits need no rule of their own: each task's field is its own register, and a bulk
 * move is one ordinary placement per task (SPEC M3, M4), so a bulk action merges with anyone's
 * edits exactly as the same single edits would.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { readColumnOrder, readTask } from './board.ts';
import { actorOf, columnsMap, type Editor, getYMap, newId, nowIso, nowMs, write } from './doc.ts';
import { ModelError } from './errors.ts';
import { writePlacement } from './placement.ts';
import { compareRanked, type Ranked, rankAt } from './rank.ts';
import { liveColumns, readColumnAt, readColumns, yTask } from './read.ts';
import { type Task, type TaskPatch, taskPatchSchema } from './schema.ts';

/** More than a person selects on any board we know; keeps one transaction's size bounded. */
export const BULK_LIMIT = 10_000;

const patchShape = taskPatchSchema.shape;

export const bulkActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('move'), columnId: z.string().min(1).max(200) }),
  z.object({ kind: z.literal('assign'), assignee: patchShape.assignee.unwrap() }),
  z.object({ kind: z.literal('add-label'), label: patchShape.labels.unwrap().element }),
  z.object({ kind: z.literal('remove-label'), label: patchShape.labels.unwrap().element }),
  z.object({ kind: z.literal('priority'), priority: patchShape.priority.unwrap() }),
  z.object({ kind: z.literal('archive') }),
]);
export type BulkAction = z.infer<typeof bulkActionSchema>;

export type BulkResult = {
  /** Tasks the action changed. */
  readonly changed: number;
  /** Tasks that already were as the action asks (left untouched). */
  readonly unchanged: number;
};

const taskIdsSchema = z.array(z.string().min(1).max(200)).min(1).max(BULK_LIMIT);

/** The new field values for one task, or null when it already is as asked. */
function patchFor(task: Task, action: Exclude<BulkAction, { kind: 'move' | 'archive' }>): TaskPatch | null {
  switch (action.kind) {
    case 'assign':
      return task.assignee === action.assignee ? null : { assignee: action.assignee };
    case 'priority':
      return task.priority === action.priority ? null : { priority: action.priority };
    case 'add-label':
      return task.labels.includes(action.label) ? null : { labels: [...task.labels, action.label] };
    case 'remove-label':
      return task.labels.includes(action.label)
        ? { labels: task.labels.filter((l) => l !== action.label) }
        : null;
  }
}

function readAll(doc: Y.Doc, ids: readonly string[]): Task[] {
  return [...new Set(ids)].map((id) => {
    const task = readTask(doc, id);
    if (!task) throw new ModelError('not_found', 'One of those tasks does not exist.');
    return task;
  });
}

/**
 * Applies `action` to every task in `taskIds` as one transaction (one undo step). Refuses the
 * whole action, changing nothing, when a task is missing or a new value would not be valid.
 */
export function bulkUpdateTasks(
  doc: Y.Doc,
  editor: Editor,
  taskIds: readonly string[],
  action: BulkAction,
): BulkResult {
  const ids = taskIdsSchema.safeParse(taskIds);
  if (!ids.success) throw new ModelError('invalid_input', `Choose between 1 and ${BULK_LIMIT} tasks.`);
  const parsed = bulkActionSchema.safeParse(action);
  if (!parsed.success) throw new ModelError('invalid_input', 'That bulk action is not valid.');
  const act = parsed.data;
  return write(doc, editor, () => {
    const tasks = readAll(doc, ids.data);
    if (act.kind === 'move') return moveAll(doc, editor, tasks, act.columnId);
    if (act.kind === 'archive') return archiveAll(doc, editor, tasks);
    const patches: [Task, TaskPatch][] = [];
    for (const task of tasks) {
      const patch = patchFor(task, act);
      if (!patch) continue;
      if (!taskPatchSchema.safeParse(patch).success) {
        throw new ModelError('invalid_input', `“${task.title}” cannot take that (too many labels?).`);
      }
      patches.push([task, patch]);
    }
    for (const [task, patch] of patches) {
      const map = yTask(doc, task.id);
      if (!map) continue;
      for (const [key, value] of Object.entries(patch)) map.set(key, value);
      touch(map, editor);
    }
    return { changed: patches.length, unchanged: tasks.length - patches.length };
  });
}

function touch(map: Y.Map<unknown>, editor: Editor): void {
  map.set('updatedBy', actorOf(editor));
  map.set('updatedAt', nowIso(editor));
}

function archiveAll(doc: Y.Doc, editor: Editor, tasks: Task[]): BulkResult {
  let changed = 0;
  for (const task of tasks) {
    const map = yTask(doc, task.id);
    if (!map || task.archivedAt !== null) continue;
    map.set('archivedAt', nowIso(editor));
    touch(map, editor);
    changed += 1;
  }
  return { changed, unchanged: tasks.length - changed };
}

/**
 * Puts the tasks at the end of `columnId`, in the order they had on the board (by column, then
 * by rank), so a selection moved together reads as it did. Tasks already shown in that column stay
 * where they are.
 */
function moveAll(doc: Y.Doc, editor: Editor, tasks: Task[], columnId: string): BulkResult {
  const map = getYMap(columnsMap(doc) as Y.Map<unknown>, columnId);
  const column = map && readColumnAt(columnId, map);
  if (!column) throw new ModelError('not_found', 'That column does not exist.');
  if (column.archivedAt !== null) throw new ModelError('archived', 'That column is archived.');
  const columns = readColumns(doc, column.projectId);
  if (!liveColumns(columns).some((c) => c.id === columnId)) {
    throw new ModelError('archived', 'That column is archived.');
  }
  if (tasks.some((t) => t.projectId !== column.projectId)) {
    throw new ModelError('invalid_input', 'Those tasks are not all in the column’s project.');
  }
  const position = new Map(columns.map((c, i) => [c.id, i]));
  const moving = tasks
    .filter((t) => t.columnId !== columnId)
    .sort((a, b) => (position.get(a.columnId) ?? 0) - (position.get(b.columnId) ?? 0) || compareRanked(a, b));
  // One read of the column; each rank is then generated after the previous one, so 500 tasks cost
  // 500 keys, not 500 reads of a growing column.
  const order: Ranked[] = readColumnOrder(doc, column.projectId, columnId);
  let last: Ranked[] = order.length > 0 ? [order[order.length - 1] as Ranked] : [];
  const by = actorOf(editor);
  const now = nowMs(editor);
  for (const task of moving) {
    const y = yTask(doc, task.id);
    if (!y) continue;
    const rank = rankAt(last, last.length);
    writePlacement(doc, y, { col: columnId, rank, by, moveId: newId(), now });
    touch(y, editor);
    last = [{ id: task.id, rank }];
  }
  return { changed: moving.length, unchanged: tasks.length - moving.length };
}
