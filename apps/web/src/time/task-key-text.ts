import { readProject, readTask, taskKey } from '@taskflow/model';
import type * as Y from 'yjs';

/** A task's key as people see it (`WEB-12`, or provisional), and whether it is final; null if gone. */
export function taskKeyOf(
  doc: Y.Doc,
  taskId: string,
): { text: string; final: boolean; title: string } | null {
  const task = readTask(doc, taskId);
  if (!task) return null;
  const project = readProject(doc, task.projectId);
  const key = taskKey(project?.key ?? '?', task);
  return { ...key, title: task.title };
}
