/**
 * What an edit of a task's type, parent or epic must respect (issue 14), checked by createTask and
 * updateTask before they write. Concurrent edits can still break these (two people each making
 * the other's task a subtask offline); the readers in structure.ts then decide what counts, the
 * same way on every replica. Only a change is checked: writing back the value a task already has
 * (an undo, a restore) is never refused.
 */
import type * as Y from 'yjs';
import { ModelError } from './errors.ts';
import { yTask } from './read.ts';
import type { TaskPatch } from './schema.ts';
import { effectiveParentId, subtaskIds } from './structure.ts';

function stored(task: Y.Map<unknown> | undefined, key: string): unknown {
  const v = task?.get(key);
  return v === undefined ? null : v;
}

const refuse = (message: string) => new ModelError('invalid_input', message);

/** The patch to write: `patch`, plus `epicId: null` when a task in an epic becomes an epic. */
export function checkStructure(
  doc: Y.Doc,
  taskId: string,
  projectId: string,
  patch: TaskPatch,
  task?: Y.Map<unknown>,
): TaskPatch {
  const out: TaskPatch = { ...patch };
  const typeChanged = patch.type !== undefined && (patch.type ?? 'task') !== (stored(task, 'type') ?? 'task');
  const type = patch.type !== undefined ? (patch.type ?? 'task') : (stored(task, 'type') ?? 'task');
  const parentChanged = patch.parentId != null && patch.parentId !== stored(task, 'parentId');
  const epicChanged = patch.epicId != null && patch.epicId !== stored(task, 'epicId');

  if (parentChanged && patch.parentId) checkParent(doc, taskId, projectId, patch.parentId, type);
  if (typeChanged && type === 'epic') {
    const parent =
      patch.parentId !== undefined ? patch.parentId : task ? effectiveParentId(doc, taskId) : null;
    if (parent) throw refuse('A subtask cannot be an epic.');
    if (epicChanged) throw refuse('An epic cannot belong to another epic.');
    if (patch.epicId === undefined && stored(task, 'epicId') !== null) out.epicId = null;
  }
  if (epicChanged && patch.epicId) {
    if (type === 'epic') throw refuse('An epic cannot belong to another epic.');
    if (patch.epicId === taskId) throw refuse('A task cannot be its own epic.');
    const epic = yTask(doc, patch.epicId);
    if (!epic) throw new ModelError('not_found', 'That epic does not exist.');
    if (epic.get('type') !== 'epic') throw refuse('That task is not an epic.');
    if (isArchived(epic)) throw new ModelError('archived', 'That epic is archived.');
  }
  return out;
}

function isArchived(map: Y.Map<unknown>): boolean {
  const v = map.get('archivedAt');
  return typeof v === 'string' && v.length > 0;
}

function checkParent(doc: Y.Doc, taskId: string, projectId: string, parentId: string, type: unknown): void {
  if (parentId === taskId) throw refuse('A task cannot be its own subtask.');
  if (type === 'epic') throw refuse('An epic cannot be a subtask.');
  const parent = yTask(doc, parentId);
  if (!parent) throw new ModelError('not_found', 'That parent task does not exist.');
  if (parent.get('projectId') !== projectId) throw refuse('A subtask belongs to its parent’s project.');
  if (isArchived(parent)) throw new ModelError('archived', 'That parent task is archived.');
  if (effectiveParentId(doc, parentId) !== null) throw refuse('A subtask cannot have subtasks.');
  if (subtaskIds(doc, taskId).length > 0) throw refuse('A task with subtasks cannot become a subtask.');
}
