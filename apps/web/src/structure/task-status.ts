/** A task's column name and whether it counts as done (its project's last live column, as progress counts). */
import { doneColumnOf, liveColumns, readColumns, type Task } from '@taskflow/model';
import type * as Y from 'yjs';

export type TaskStatus = { name: string; done: boolean };

export function statusOf(doc: Y.Doc, task: Pick<Task, 'projectId' | 'columnId'>): TaskStatus {
  const column = liveColumns(readColumns(doc, task.projectId)).find((c) => c.id === task.columnId);
  return { name: column?.name ?? '—', done: task.columnId === doneColumnOf(doc, task.projectId) };
}
