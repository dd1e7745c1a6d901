/** Task operations: create, edit, move, archive, restore (SPEC M1–M5). */

import * as Y from 'yjs';
import { readColumnOrder } from './board.ts';
import { isTaskGone } from './deleted-record.ts';
import {
  DESCRIPTION_FRAGMENT_KEY,
  descriptionFragment,
  newDescriptionFragment,
  replaceFragmentText,
} from './description-fragment.ts';
import { actorOf, type Editor, getYMap, newId, nowIso, nowMs, tasksMap, write } from './doc.ts';
import { ModelError } from './errors.ts';
import { writePlacement } from './placement.ts';
import { rankAt } from './rank.ts';
import { liveColumns, readColumns, readProject, yTask } from './read.ts';
import { type NewTask, newTaskSchema, type Placement, type TaskPatch, taskPatchSchema } from './schema.ts';
import { checkSprintTakesTasks, lastPlanRank, readSprints } from './sprints.ts';
import { checkStructure } from './structure-rules.ts';
import { timeSpentOf } from './worklogs.ts';

function invalid(error: { issues: { path: PropertyKey[]; message: string }[] }): ModelError {
  const first = error.issues[0];
  const where = first?.path.length ? `${first.path.map(String).join('.')}: ` : '';
  return new ModelError('invalid_input', `${where}${first?.message ?? 'invalid input'}`);
}

function liveColumnIds(doc: Y.Doc, projectId: string): string[] {
  return liveColumns(readColumns(doc, projectId)).map((c) => c.id);
}

export type CreateTaskOptions = {
  /** Where in the column: `bottom` (default) or `top`. */
  position?: 'top' | 'bottom';
};

/** Creates a task in a column (default: the project's first) and returns its id. */
export function createTask(
  doc: Y.Doc,
  editor: Editor,
  input: NewTask,
  options: CreateTaskOptions = {},
): string {
  const parsed = newTaskSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const { projectId, columnId, id: givenId, ...fields } = parsed.data;
  const id = givenId ?? newId();
  return write(doc, editor, () => {
    const project = readProject(doc, projectId);
    if (!project) throw new ModelError('not_found', 'That project does not exist.');
    if (project.archivedAt !== null) throw new ModelError('archived', 'That project is archived.');
    if (tasksMap(doc).has(id)) throw new ModelError('invalid_input', `Task ${id} already exists.`);
    const cols = liveColumnIds(doc, projectId);
    const col = columnId ?? cols[0];
    if (!col || !cols.includes(col)) throw new ModelError('not_found', 'That column does not exist.');
    const order = readColumnOrder(doc, projectId, col);
    const rank = rankAt(order, options.position === 'top' ? 0 : order.length);
    if (fields.sprintId) checkSprintTakesTasks(readSprints(doc, projectId), fields.sprintId);
    checkStructure(doc, id, projectId, fields);
    const last = lastPlanRank(doc, projectId);
    const actor = actorOf(editor);
    const now = nowIso(editor);
    // The nested map and its register go in one transaction and the map is never replaced (SPEC
    // M2). A field that is null (or `remainingSetSpent` 0, `archivedAt` none) is not written, nor
    // are the update stamps (read as the creation's): readers read a missing field as its default
    // (SPEC M9), and these were 307 of a task's 795 encoded bytes, 10 of its 22 Yjs items (issue 13,
    // bench/doc-bytes.ts). Text, priority and labels are written even at their defaults: history
    // and undo read a field first written later as coming from null, which is that field's
    // default only for the nullable ones.
    const task = new Y.Map<unknown>();
    task.set('projectId', projectId);
    task.set('title', fields.title);
    task.set('description', fields.description ?? '');
    // Created with the task, never later by a client: see description-fragment.ts.
    task.set(DESCRIPTION_FRAGMENT_KEY, newDescriptionFragment(fields.description ?? ''));
    task.set('priority', fields.priority ?? 'medium');
    task.set('labels', fields.labels ?? []);
    for (const key of NULLABLE_FIELDS) {
      const value = fields[key];
      if (value !== undefined && value !== null) task.set(key, value);
    }
    task.set('planRank', rankAt(last === null ? [] : [{ id: '', rank: last }], 1));
    task.set('createdBy', actor);
    task.set('createdAt', now);
    task.set('placement', new Y.Map<unknown>());
    tasksMap(doc).set(id, task);
    writePlacement(doc, task, { col, rank, by: actor, moveId: newId(), now: nowMs(editor) });
    return id;
  });
}

/** The nullable fields a create takes (a recurrence is set by editing the task). */
const NULLABLE_FIELDS = [
  'assignee',
  'deadline',
  'deadlineTime',
  'estimate',
  'sprintId',
  'originalEstimateSeconds',
  'remainingEstimateSeconds',
  'type',
  'parentId',
  'epicId',
] as const;

/** What readers read for a task field that is missing (read.ts), for the fields a person sets. */
const DEFAULTS: Readonly<Record<string, unknown>> = {
  description: '',
  priority: 'medium',
  labels: [],
  assignee: null,
  deadline: null,
  deadlineTime: null,
  estimate: null,
  recurrence: null,
  sprintId: null,
  originalEstimateSeconds: null,
  remainingEstimateSeconds: null,
  type: null,
  parentId: null,
  epicId: null,
};

/** A field's value as readers see it: a missing field reads as its default. */
function storedValue(task: Y.Map<unknown>, key: string): unknown {
  return task.has(key) ? task.get(key) : DEFAULTS[key];
}

function requireTask(doc: Y.Doc, taskId: string): Y.Map<unknown> {
  const task = yTask(doc, taskId);
  // A deleted task is gone (deletion.ts), with its project: nothing edits it but undo's own way back.
  if (!task || isTaskGone(doc, task)) throw new ModelError('not_found', 'That task does not exist.');
  return task;
}

function touch(task: Y.Map<unknown>, editor: Editor): void {
  task.set('updatedBy', actorOf(editor));
  task.set('updatedAt', nowIso(editor));
}

/** Sets any of a task's editable fields; unchanged values are not rewritten (no needless history). */
export function updateTask(doc: Y.Doc, editor: Editor, taskId: string, patch: TaskPatch): void {
  const parsed = taskPatchSchema.safeParse(patch);
  if (!parsed.success) throw invalid(parsed.error);
  write(doc, editor, () => {
    const task = requireTask(doc, taskId);
    const { sprintId, remainingEstimateSeconds } = parsed.data;
    // May add `epicId: null` (a task becoming an epic leaves its epic), so before the loop.
    const fields = checkStructure(doc, taskId, String(task.get('projectId')), parsed.data, task);
    if (sprintId && sprintId !== task.get('sprintId')) {
      checkSprintTakesTasks(readSprints(doc, String(task.get('projectId'))), sprintId);
    }
    let changed = false;
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      if (key === 'description') {
        // A whole-description set (REST, restore, undo) replaces the rich text too; the string
        // keeps the text for history and for clients from before fragments.
        const fragment = descriptionFragment(task);
        if (fragment && typeof value === 'string') replaceFragmentText(fragment, value);
      }
      if (JSON.stringify(storedValue(task, key)) === JSON.stringify(value)) continue;
      task.set(key, value);
      changed = true;
    }
    // A time without its day would come back with the next day someone sets.
    if (parsed.data.deadline === null && parsed.data.deadlineTime === undefined && task.get('deadlineTime')) {
      task.set('deadlineTime', null);
      changed = true;
    }
    if (remainingEstimateSeconds !== undefined) {
      // Later worklogs count down from what was spent when it was set (SPEC M23).
      const spent = timeSpentOf(doc, taskId);
      if (task.get('remainingSetSpent') !== spent) task.set('remainingSetSpent', spent);
    }
    if (changed) touch(task, editor);
  });
}

/**
 * Moves a task to `index` in `columnId` (index among the column's other tasks, top = 0), as one
 * atomic placement (SPEC M3, M4). Returns the placement written.
 */
export function moveTask(
  doc: Y.Doc,
  editor: Editor,
  taskId: string,
  columnId: string,
  index: number,
): Placement {
  return write(doc, editor, () => {
    const task = requireTask(doc, taskId);
    const projectId = String(task.get('projectId'));
    if (!liveColumnIds(doc, projectId).includes(columnId)) {
      throw new ModelError('not_found', 'That column does not exist in this project.');
    }
    const rank = rankAt(readColumnOrder(doc, projectId, columnId, taskId), index);
    const placement = writePlacement(doc, task, {
      col: columnId,
      rank,
      by: actorOf(editor),
      moveId: newId(),
      now: nowMs(editor),
    });
    touch(task, editor);
    return placement;
  });
}

/** Puts a task exactly at a placement someone chose before (re-applying a move that lost). */
export function placeTask(
  doc: Y.Doc,
  editor: Editor,
  taskId: string,
  at: { col: string; rank: string },
): Placement {
  return write(doc, editor, () => {
    const task = requireTask(doc, taskId);
    const projectId = String(task.get('projectId'));
    if (!liveColumnIds(doc, projectId).includes(at.col)) {
      throw new ModelError('not_found', 'That column no longer exists.');
    }
    const placement = writePlacement(doc, task, {
      col: at.col,
      rank: at.rank,
      by: actorOf(editor),
      moveId: newId(),
      now: nowMs(editor),
    });
    touch(task, editor);
    return placement;
  });
}

/** Archiving hides a task from the board; tasks are never deleted, so concurrent edits survive (SPEC M2). */
export function archiveTask(doc: Y.Doc, editor: Editor, taskId: string): void {
  write(doc, editor, () => {
    const task = requireTask(doc, taskId);
    if (task.get('archivedAt')) return;
    task.set('archivedAt', nowIso(editor));
    touch(task, editor);
  });
}

export function restoreTask(doc: Y.Doc, editor: Editor, taskId: string): void {
  write(doc, editor, () => {
    const task = requireTask(doc, taskId);
    if (!task.get('archivedAt')) return;
    task.set('archivedAt', null);
    touch(task, editor);
  });
}

export function hasTask(doc: Y.Doc, taskId: string): boolean {
  return getYMap(tasksMap(doc) as Y.Map<unknown>, taskId) !== undefined;
}
