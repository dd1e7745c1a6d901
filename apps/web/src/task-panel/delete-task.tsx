/**
 * "Delete task" in the panel (issue 14: delete, not only archive), behind a confirmation that says
 * what goes with it (its subtasks) and that Undo brings it back. Deleted work leaves every view;
 * archived work stays in the archive, so the dialog offers that as the gentler choice.
 */
import { deleteTask, readSubtasks, type Task } from '@taskflow/model';
import { useState } from 'react';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { attempt } from '../hooks/use-error-banner.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { useWorkspace } from '../workspace-context.ts';

type Props = { task: Task; beforeDelete: () => void; onDeleted: () => void };

export function DeleteTask({ task, beforeDelete, onDeleted }: Props) {
  const { workspace, editor } = useWorkspace();
  const [confirming, setConfirming] = useState(false);
  const subtasks = useDocQuery(workspace.doc, (doc) => readSubtasks(doc, task.id).length, [task.id]);
  return (
    <>
      <button type="button" className="danger" onClick={() => setConfirming(true)}>
        Delete task
      </button>
      {confirming && (
        <ConfirmDialog
          title={`Delete ‘${task.title}’?`}
          confirmLabel="Delete task"
          danger
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            beforeDelete();
            if (attempt(() => deleteTask(workspace.doc, editor, task.id))) onDeleted();
          }}
        >
          <p>
            {subtasks > 0
              ? `It and its ${subtasks === 1 ? 'subtask' : `${subtasks} subtasks`} leave the board, backlog, lists, search and reports for everyone.`
              : 'It leaves the board, backlog, lists, search and reports for everyone.'}{' '}
            Undo (Ctrl+Z) brings it back. To keep it findable instead, archive it.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
