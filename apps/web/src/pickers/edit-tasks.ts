/**
 * A picker's choice applied to every task it was opened for (the board's selection, or the one
 * task of the panel) as **one** transaction, so it is one change: one undo step puts every task
 * back (packages/model/src/undo.ts records a transaction as one step). The model's operations
 * nest in it: Yjs runs a transaction opened inside another as part of the outer one.
 *
 * Yjs cannot roll a transaction back, so every patch is checked against the model's schema before
 * anything is written: a refusal (a 21st label) leaves all the tasks as they were, not half done.
 */
import {
  type Editor,
  ModelError,
  moveTask,
  readTask,
  type Task,
  type TaskPatch,
  taskPatchSchema,
  updateTask,
} from '@taskflow/model';
import type * as Y from 'yjs';
import { attempt, showError } from '../hooks/use-error-banner.ts';

/** Sets `patchOf(task)` on each task (null: leave that one). Returns whether it was written. */
export function editTasks(
  doc: Y.Doc,
  editor: Editor,
  taskIds: readonly string[],
  patchOf: (task: Task) => TaskPatch | null,
): boolean {
  const patches: [string, TaskPatch][] = [];
  for (const id of taskIds) {
    const task = readTask(doc, id);
    const patch = task ? patchOf(task) : null;
    if (!patch) continue;
    const checked = taskPatchSchema.safeParse(patch);
    if (!checked.success) {
      showError(
        new ModelError('invalid_input', checked.error.issues[0]?.message ?? 'That change is not allowed.'),
      );
      return false;
    }
    patches.push([id, patch]);
  }
  if (patches.length === 0) return true;
  return attempt(() =>
    doc.transact(() => {
      for (const [id, patch] of patches) updateTask(doc, editor, id, patch);
    }, editor.origin),
  );
}

/** Moves each task to the bottom of `columnId` (as a drop on a column's empty space), in the given order. */
export function moveTasksTo(
  doc: Y.Doc,
  editor: Editor,
  taskIds: readonly string[],
  columnId: string,
): boolean {
  const moving = taskIds.filter((id) => readTask(doc, id)?.columnId !== columnId);
  if (moving.length === 0) return true;
  return attempt(() =>
    doc.transact(() => {
      // Past the end is the end: the model clamps the index.
      for (const id of moving) moveTask(doc, editor, id, columnId, Number.MAX_SAFE_INTEGER);
    }, editor.origin),
  );
}
