/** The open task's panel, read live from the document; nothing while the task is not there. */
import { type Board, readTask } from '@taskflow/model';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { TaskPanel } from '../task-panel/task-panel.tsx';
import { useWorkspace } from '../workspace-context.ts';

type Props = { taskId: string; board: Board; onClose: () => void };

export function TaskDetail({ taskId, board, onClose }: Props) {
  const { workspace } = useWorkspace();
  const task = useDocQuery(workspace.doc, (doc) => readTask(doc, taskId), [taskId]);
  if (!task) return null;
  // Keyed: another task is another set of edits.
  return <TaskPanel key={task.id} task={task} board={board} onClose={onClose} />;
}
