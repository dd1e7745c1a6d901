/** The task panel's key, linking to the address that opens it (`/w/…/browse/WEB-12`). */
import { readProject, type Task } from '@taskflow/model';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { Link } from '../router/link.tsx';
import { browsePath } from '../router/route.ts';
import { useWorkspace } from '../workspace-context.ts';
import { TaskKeyLabel } from './task-key.tsx';

export function TaskDetailKey({ task }: { task: Pick<Task, 'id' | 'number' | 'projectId'> }) {
  const { workspace } = useWorkspace();
  const projectKey = useDocQuery(workspace.doc, (d) => readProject(d, task.projectId)?.key ?? null, [
    task.projectId,
  ]);
  if (!projectKey) return null;
  // A provisional key names nothing yet: shown, but not a link until the server numbers the task.
  if (task.number === null)
    return <TaskKeyLabel projectKey={projectKey} task={task} className="detail-key" />;
  const text = `${projectKey}-${task.number}`;
  return (
    <Link href={browsePath(workspace.name, text)} className="detail-key-link">
      <TaskKeyLabel projectKey={projectKey} task={task} className="detail-key" />
    </Link>
  );
}
