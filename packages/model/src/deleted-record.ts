/**
 * A deleted task or project (deletion.ts) is gone for every reader, as if it had never been there.
 * One test for all of them — the validating readers (read.ts) and the hand-rolled fast ones (the
 * task, search and structure indexes) — read as the archived state is (any non-empty string).
 *
 * A task goes with its project. Deleting a project marks the tasks the deleting replica knows of,
 * but a task made offline in it (or moved to it by a replica that had not heard of the deletion)
 * arrives later, unmarked: readers ask the project too, so that task is as deleted as its siblings
 * on every replica, whatever order the updates arrive in, and one undo of the deletion brings it
 * back with them. A project lookup is one map read, cheap enough for every read of a task.
 */
import type * as Y from 'yjs';
import { getYMap, projectsMap } from './doc.ts';

export function isDeletedRecord(map: { get(key: string): unknown }): boolean {
  const at = map.get('deletedAt');
  return typeof at === 'string' && at.length > 0;
}

/** Whether `projectId` names a deleted project (not a missing one: readers decide about those). */
export function isProjectDeleted(doc: Y.Doc, projectId: unknown): boolean {
  if (typeof projectId !== 'string') return false;
  const project = getYMap(projectsMap(doc) as Y.Map<unknown>, projectId);
  return project !== undefined && isDeletedRecord(project);
}

/** Whether a task's record is gone for readers: deleted itself, or with its project. */
export function isTaskGone(doc: Y.Doc, task: { get(key: string): unknown }): boolean {
  return isDeletedRecord(task) || isProjectDeleted(doc, task.get('projectId'));
}
