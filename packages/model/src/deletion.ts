/**
 * Deleting a task or a project (issue 14: "Delete, not only archive"). Archived work stays findable
 * in the archive; deleted work is gone for every reader (deleted-record.ts): board, backlog, list,
 * search, reports, links, keys. The server refuses removing a document entry (SPEC M2: a deleted
 * Y.Map entry could not be merged back, and a crafted update could erase anyone's task), so a
 * deletion is a tombstone: `deletedAt` and `deletedBy` on the record, written by the sender.
 *
 * A task goes with its subtasks, as in Jira; a project with every task in it. It is one transaction,
 * so one undo step puts all of it back (undo-targets.ts: `task-deleted`, `project-deleted`).
 */
import type * as Y from 'yjs';
import { isDeletedRecord, isTaskGone } from './deleted-record.ts';
import { actorOf, type Editor, getYMap, nowIso, projectsMap, tasksMap, write } from './doc.ts';
import { ModelError } from './errors.ts';
import { yTask } from './read.ts';

function mark(map: Y.Map<unknown>, editor: Editor, deleted: boolean): void {
  map.set('deletedAt', deleted ? nowIso(editor) : null);
  map.set('deletedBy', deleted ? actorOf(editor) : null);
}

function touch(task: Y.Map<unknown>, editor: Editor): void {
  task.set('updatedBy', actorOf(editor));
  task.set('updatedAt', nowIso(editor));
}

function liveTask(doc: Y.Doc, taskId: string): Y.Map<unknown> {
  const task = yTask(doc, taskId);
  if (!task || isTaskGone(doc, task)) throw new ModelError('not_found', 'That task does not exist.');
  return task;
}

function projectMap(doc: Y.Doc, projectId: string): Y.Map<unknown> | undefined {
  return getYMap(projectsMap(doc) as Y.Map<unknown>, projectId);
}

/** Deletes a task and its subtasks. */
export function deleteTask(doc: Y.Doc, editor: Editor, taskId: string): void {
  write(doc, editor, () => {
    const task = liveTask(doc, taskId);
    mark(task, editor, true);
    touch(task, editor);
    for (const id of tasksMap(doc).keys()) {
      const child = yTask(doc, id);
      if (child && child.get('parentId') === taskId && !isDeletedRecord(child)) {
        mark(child, editor, true);
        touch(child, editor);
      }
    }
  });
}

/** Deletes a project and every task in it (archived ones too). */
export function deleteProject(doc: Y.Doc, editor: Editor, projectId: string): void {
  write(doc, editor, () => {
    const project = projectMap(doc, projectId);
    if (!project || isDeletedRecord(project))
      throw new ModelError('not_found', 'That project does not exist.');
    mark(project, editor, true);
    for (const id of tasksMap(doc).keys()) {
      const task = yTask(doc, id);
      if (task && task.get('projectId') === projectId && !isDeletedRecord(task)) {
        mark(task, editor, true);
        touch(task, editor);
      }
    }
  });
}

/** Whether a task or project is deleted; undefined when the document has no such record. */
export function isDeleted(doc: Y.Doc, kind: 'task' | 'project', id: string): boolean | undefined {
  const map = kind === 'task' ? yTask(doc, id) : projectMap(doc, id);
  return map && isDeletedRecord(map);
}

/** Deletes or brings back one record alone (undo and redo put back each record a step changed). */
export function setDeleted(
  doc: Y.Doc,
  editor: Editor,
  kind: 'task' | 'project',
  id: string,
  deleted: boolean,
): void {
  write(doc, editor, () => {
    const map = kind === 'task' ? yTask(doc, id) : projectMap(doc, id);
    if (!map) throw new ModelError('not_found', `That ${kind} does not exist.`);
    mark(map, editor, deleted);
    if (kind === 'task') touch(map, editor);
  });
}

/** A deleted task's title as last written, for naming it in an undo step ("delete of “Fix login”"). */
export function deletedTitle(doc: Y.Doc, taskId: string): string | undefined {
  const title = yTask(doc, taskId)?.get('title');
  return typeof title === 'string' && title.length > 0 ? title : undefined;
}
