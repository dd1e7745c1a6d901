/**
 * What an undo step is made of: one change to one thing a person can change (a task's field, its
 * archived state, its placement, a checklist item, a link; a column's or a project's name, rank,
 * archived state), as the
 * value it had before and the value the change left.
 *
 * Each kind of target says how to read its current value, when two values are the same, and how to
 * set a value **through the model's own operations** — so an undo is an ordinary edit: checked,
 * stamped with its author and clock, synced, and (for a placement) a new move that wins like any
 * later move (SPEC M4). Two values no operation can set are written here, the same way the
 * operations write: a placement in a column archived since, and a column's exact rank (see each).
 * The undo/redo rule itself lives in undo.ts: a change is put back only while its target still
 * holds the value it set, so someone else's later change is never overwritten.
 */
import type * as Y from 'yjs';
import { readTask } from './board.ts';
import { type ChecklistField, putChecklistItem, setChecklistItemField } from './checklists.ts';
import { deletedTitle, isDeleted, setDeleted } from './deletion.ts';
import {
  actorOf,
  columnsMap,
  type Editor,
  getYMap,
  newId,
  nowIso,
  nowMs,
  projectsMap,
  write,
} from './doc.ts';
import { ModelError } from './errors.ts';
import { hasLink, setLinkBetween } from './links.ts';
import { placementEntries, placementRegister, winningEntry, writePlacement } from './placement.ts';
import { archiveColumn, archiveProject, renameColumn, renameProject, restoreColumn } from './projects.ts';
import { archivedAtOf, readColumnAt, readProject, yTask } from './read.ts';
import { EDITABLE_TASK_FIELDS, type EditableTaskField, placementSchema, type TaskPatch } from './schema.ts';
import { CHECK_PREFIX, type LinkType } from './structure-stored.ts';
import { type ChecklistItemValue, checklistItemValue } from './structure-values.ts';
import { archiveTask, placeTask, restoreTask, updateTask } from './tasks.ts';

const rankSchema = placementSchema.shape.rank;

/** The task fields a person sets with `updateTask`. */
export type TaskField = EditableTaskField;
export const TASK_FIELDS = EDITABLE_TASK_FIELDS;

export type ChangeTarget =
  | { readonly kind: 'task-field'; readonly taskId: string; readonly field: TaskField }
  | { readonly kind: 'task-archived'; readonly taskId: string }
  | { readonly kind: 'task-placement'; readonly taskId: string }
  | { readonly kind: 'task-deleted'; readonly taskId: string }
  /** A checklist item added or removed (its values, or null for none). */
  | { readonly kind: 'task-check'; readonly taskId: string; readonly itemId: string }
  /** One value of a checklist item: renamed, ticked, moved. */
  | {
      readonly kind: 'task-check-field';
      readonly taskId: string;
      readonly itemId: string;
      readonly field: ChecklistField;
    }
  /** Whether the task (the link's source) links to another this way (true or false). */
  | {
      readonly kind: 'task-link';
      readonly taskId: string;
      readonly type: LinkType;
      readonly targetId: string;
    }
  | { readonly kind: 'column-name'; readonly columnId: string }
  | { readonly kind: 'column-rank'; readonly columnId: string }
  | { readonly kind: 'column-archived'; readonly columnId: string }
  | { readonly kind: 'project-name'; readonly projectId: string }
  | { readonly kind: 'project-archived'; readonly projectId: string }
  | { readonly kind: 'project-deleted'; readonly projectId: string };

/**
 * A placement is identified by its move: the same column and rank written by another move is
 * someone else's move. Setting one uses only its column and rank.
 */
export type PlacementValue = { readonly col: string; readonly rank: string; readonly moveId: string };

/**
 * `before` is what an undo puts back; `after` is what the target must still hold for that to
 * happen. Values: a task field's stored JSON value, a placement, a name or rank string, or a
 * boolean for archived (a created task or column counts as archived before it existed).
 */
export type Change = { readonly target: ChangeTarget; readonly before: unknown; readonly after: unknown };

function taskFieldValue(doc: Y.Doc, taskId: string, field: TaskField): unknown {
  const task = yTask(doc, taskId);
  return task?.get(field);
}

function placementOf(doc: Y.Doc, taskId: string): PlacementValue | undefined {
  const task = yTask(doc, taskId);
  const register = task && placementRegister(task);
  const win = register && winningEntry(placementEntries(register));
  return win && { col: win.col, rank: win.rank, moveId: win.moveId };
}

function columnMap(doc: Y.Doc, columnId: string): Y.Map<unknown> | undefined {
  return getYMap(columnsMap(doc) as Y.Map<unknown>, columnId);
}

function projectMap(doc: Y.Doc, projectId: string): Y.Map<unknown> | undefined {
  return getYMap(projectsMap(doc) as Y.Map<unknown>, projectId);
}

/** The target's value now; undefined when the thing it belongs to is not in the document. */
export function readTarget(doc: Y.Doc, target: ChangeTarget): unknown {
  switch (target.kind) {
    case 'task-field':
      return yTask(doc, target.taskId)
        ? (taskFieldValue(doc, target.taskId, target.field) ?? null)
        : undefined;
    case 'task-archived': {
      const task = yTask(doc, target.taskId);
      return task && archivedAtOf(task) !== null;
    }
    case 'task-placement':
      return placementOf(doc, target.taskId);
    case 'task-deleted':
      return isDeleted(doc, 'task', target.taskId);
    case 'task-check': {
      const task = yTask(doc, target.taskId);
      return (
        task &&
        (task.has(CHECK_PREFIX + target.itemId)
          ? checklistItemValue(task.get(CHECK_PREFIX + target.itemId))
          : null)
      );
    }
    case 'task-check-field': {
      const item = yTask(doc, target.taskId)?.get(CHECK_PREFIX + target.itemId);
      return checklistItemValue(item)?.[target.field];
    }
    case 'task-link':
      return hasLink(doc, target.taskId, target.type, target.targetId);
    case 'project-deleted':
      return isDeleted(doc, 'project', target.projectId);
    case 'column-name':
      return columnMap(doc, target.columnId)?.get('name');
    case 'column-rank':
      return columnMap(doc, target.columnId)?.get('rank');
    case 'column-archived': {
      const col = columnMap(doc, target.columnId);
      return col && typeof col.get('archivedAt') === 'string';
    }
    case 'project-name':
      return projectMap(doc, target.projectId)?.get('name');
    case 'project-archived': {
      const project = projectMap(doc, target.projectId);
      return project && typeof project.get('archivedAt') === 'string';
    }
  }
}

/** One string per target, to find the changes of one target across steps. */
export function targetKey(target: ChangeTarget): string {
  switch (target.kind) {
    case 'task-field':
      return `${target.kind}:${target.taskId}:${target.field}`;
    case 'task-archived':
    case 'task-placement':
    case 'task-deleted':
      return `${target.kind}:${target.taskId}`;
    case 'task-check':
      return `${target.kind}:${target.taskId}:${target.itemId}`;
    case 'task-check-field':
      return `${target.kind}:${target.taskId}:${target.itemId}:${target.field}`;
    case 'task-link':
      return `${target.kind}:${target.taskId}:${target.type}:${target.targetId}`;
    case 'column-name':
    case 'column-rank':
    case 'column-archived':
      return `${target.kind}:${target.columnId}`;
    case 'project-name':
    case 'project-archived':
    case 'project-deleted':
      return `${target.kind}:${target.projectId}`;
  }
}

/** Whether a target's value is still the one a change left (JSON values compare by content). */
export function sameValue(target: ChangeTarget, a: unknown, b: unknown): boolean {
  if (target.kind === 'task-placement') {
    return (a as PlacementValue | undefined)?.moveId === (b as PlacementValue | undefined)?.moveId;
  }
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * Sets a target to `value` with the model's operations, inside the caller's transaction. Throws a
 * ModelError when the model refuses (the column is gone, the last live column, a value that no
 * longer validates); callers check before writing, so a refusal changes nothing.
 */
export function applyTarget(doc: Y.Doc, editor: Editor, target: ChangeTarget, value: unknown): void {
  switch (target.kind) {
    case 'task-field':
      updateTask(doc, editor, target.taskId, { [target.field]: value } as TaskPatch);
      return;
    case 'task-archived':
      (value ? archiveTask : restoreTask)(doc, editor, target.taskId);
      return;
    case 'task-placement':
      placeAsBefore(doc, editor, target.taskId, value as PlacementValue);
      return;
    case 'column-name':
      renameColumn(doc, editor, target.columnId, String(value));
      return;
    case 'column-rank':
      setColumnRank(doc, editor, target.columnId, value);
      return;
    case 'column-archived':
      (value ? archiveColumn : restoreColumn)(doc, editor, target.columnId);
      return;
    case 'project-name':
      renameProject(doc, editor, target.projectId, String(value));
      return;
    case 'project-archived':
      archiveProject(doc, editor, target.projectId, Boolean(value));
      return;
    case 'task-deleted':
      setDeleted(doc, editor, 'task', target.taskId, Boolean(value));
      return;
    case 'task-check':
      putChecklistItem(doc, editor, target.taskId, target.itemId, value as ChecklistItemValue | null);
      return;
    case 'task-check-field':
      setChecklistItemField(doc, editor, target.taskId, target.itemId, target.field, value);
      return;
    case 'task-link':
      setLinkBetween(doc, editor, target.taskId, target.type, target.targetId, Boolean(value));
      return;
    case 'project-deleted':
      setDeleted(doc, editor, 'project', target.projectId, Boolean(value));
      return;
  }
}

/**
 * Puts a task back at a placement it had. Usually that is `placeTask`. But the task may have sat
 * in a column that was archived then (shown in the first live column, SPEC M6) and still is: its
 * old placement is put back as it was, so the board shows it where it showed it before, and it
 * returns to that column when the column is restored — as if I had never moved it. A column that
 * is gone from the project is refused, like `placeTask` does.
 */
function placeAsBefore(doc: Y.Doc, editor: Editor, taskId: string, at: PlacementValue): void {
  const task = yTask(doc, taskId);
  const col = columnMap(doc, at.col);
  const column = col && readColumnAt(at.col, col);
  if (!task || !column || column.archivedAt === null || column.projectId !== task.get('projectId')) {
    placeTask(doc, editor, taskId, { col: at.col, rank: at.rank });
    return;
  }
  write(doc, editor, () => {
    writePlacement(doc, task, {
      col: at.col,
      rank: at.rank,
      by: actorOf(editor),
      moveId: newId(),
      now: nowMs(editor),
    });
    task.set('updatedBy', actorOf(editor));
    task.set('updatedAt', nowIso(editor));
  });
}

/**
 * Puts a column's rank back exactly. `moveColumn` takes an index among the live columns, and an
 * index cannot undo a sequence: undoing my second column move gives that column a new key, and
 * undoing the first then lands beside that new key, not where it was (the property test found it).
 * The old key is the old order; concurrent reorders stay last-writer-wins (SPEC M7).
 */
function setColumnRank(doc: Y.Doc, editor: Editor, columnId: string, rank: unknown): void {
  const parsed = rankSchema.safeParse(rank);
  if (!parsed.success) throw new ModelError('invalid_input', 'That column position is not valid.');
  write(doc, editor, () => {
    const col = columnMap(doc, columnId);
    if (!col) throw new ModelError('not_found', 'That column does not exist.');
    col.set('rank', parsed.data);
  });
}

/** A name to show for the thing a target belongs to, as it is now. */
export function targetName(doc: Y.Doc, target: ChangeTarget): string {
  switch (target.kind) {
    case 'task-field':
    case 'task-archived':
    case 'task-placement':
    case 'task-check':
    case 'task-check-field':
    case 'task-link':
      return readTask(doc, target.taskId)?.title ?? 'a task';
    case 'task-deleted':
      return deletedTitle(doc, target.taskId) ?? 'a task';
    case 'project-deleted': {
      const name = projectMap(doc, target.projectId)?.get('name');
      return typeof name === 'string' && name.length > 0 ? name : 'a project';
    }
    case 'column-name':
    case 'column-rank':
    case 'column-archived': {
      const col = columnMap(doc, target.columnId);
      return (col && readColumnAt(target.columnId, col)?.name) ?? 'a column';
    }
    case 'project-name':
    case 'project-archived':
      return readProject(doc, target.projectId)?.name ?? 'a project';
  }
}
