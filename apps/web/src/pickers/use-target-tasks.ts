/** The tasks a picker was opened for, read live (another person's edit shows while it is open). */
import { readTask, type Task } from '@taskflow/model';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { useWorkspace } from '../workspace-context.ts';

export function useTargetTasks(taskIds: readonly string[]): Task[] {
  const { workspace } = useWorkspace();
  return useDocQuery(
    workspace.doc,
    (doc) => taskIds.map((id) => readTask(doc, id)).filter((t): t is Task => t !== undefined),
    [taskIds],
  );
}

/** The value every task has, or undefined when they differ (or there are none). */
export function sharedValue<T>(tasks: readonly Task[], read: (task: Task) => T): T | undefined {
  const first = tasks[0];
  if (!first) return undefined;
  const value = read(first);
  return tasks.every((t) => read(t) === value) ? value : undefined;
}
