/**
 * A picker's choice applied to every task it was opened for (the board's selection, or the one
 * task of the panel) as **one** transaction, so it is one change that one undo step puts back
 * (packages/model/src/undo.ts records a transaction as one step).
 *
 * Moves, assignees, labels and priorities are the model's bulk actions (bulk.ts). The deadline is
 * not one of them: its patches go through `updateTask` inside one transaction of ours (Yjs runs a
 * transaction opened inside another as part of it). Yjs cannot roll a transaction back, so each
 * patch is checked against the model's schema before anything is written.
 */
import {
  type BulkAction,
  bulkUpdateTasks,
  type Editor,
  ModelError,
  readTask,
  type Task,
  type TaskPatch,
  taskPatchSchema,
  updateTask,
} from '@taskflow/model';
import type * as Y from 'yjs';
import { attempt, showError } from '../hooks/use-error-banner.ts';

/** One bulk action over the tasks; false when the model refused it (the banner says why). */
export function actOnTasks(
  doc: Y.Doc,
  editor: Editor,
  taskIds: readonly string[],
  action: BulkAction,
): boolean {
  if (taskIds.length === 0) return true;
  return attempt(() => {
    bulkUpdateTasks(doc, editor, taskIds, action);
  });
}

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
