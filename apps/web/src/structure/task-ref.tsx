/** Another task named in the panel (a subtask, a linked task, an epic's task): its key and title, opening it. */
import { readProject, type Task, taskKey } from '@taskflow/model';
import { navigate } from '../router/navigation.ts';
import { browsePath, taskPath } from '../router/route.ts';
import { useWorkspace } from '../workspace-context.ts';
import { TypeIcon } from './type-icon.tsx';

export function useTaskKeyText(): (task: Pick<Task, 'id' | 'number' | 'projectId'>) => string {
  const { workspace } = useWorkspace();
  return (task) => taskKey(readProject(workspace.doc, task.projectId)?.key ?? '', task).text;
}

/**
 * Opens `task`'s panel by going to its address (as task-panel/task-address.ts writes it: by key once
 * numbered), wherever its project is; a new history entry, so Back returns to the task before.
 */
export function useOpenTask(): (task: Pick<Task, 'id' | 'number' | 'projectId'>) => void {
  const { workspace } = useWorkspace();
  return (task) => {
    const projectKey = readProject(workspace.doc, task.projectId)?.key ?? null;
    navigate(
      projectKey && task.number !== null
        ? browsePath(workspace.name, `${projectKey}-${task.number}`)
        : taskPath(workspace.name, task.id),
    );
  };
}

export function TaskRef({ task }: { task: Task }) {
  const keyText = useTaskKeyText();
  const open = useOpenTask();
  return (
    <button type="button" className="task-ref" onClick={() => open(task)}>
      <TypeIcon type={task.type} />
      <span className="task-ref-key">{keyText(task)}</span>
      <span className="task-ref-title">{task.title}</span>
    </button>
  );
}
