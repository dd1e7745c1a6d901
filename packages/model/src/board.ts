/**
 * The board as people see it: a project's live columns, each with its tasks in order, plus the
 * archived tasks. Resolution rules (SPEC M3, M6): each task is shown exactly once, in the column
 * of its winning placement; a placement that points at a missing, archived or foreign column
 * shows the task in the project's first live column.
 */
import type * as Y from 'yjs';
import { isProjectDeleted } from './deleted-record.ts';
import { getYMap, tasksMap } from './doc.ts';
import { placementEntries, placementRegister, winningEntry } from './placement.ts';
import { compareRanked, type Ranked } from './rank.ts';
import { liveColumns, readColumns, readProject, readTaskFields, type TaskFields } from './read.ts';
import type { Column, Project, Task } from './schema.ts';
import { countTaskWalk, taskIndex } from './task-index.ts';

export type BoardColumn = Column & { tasks: Task[] };
export type Board = {
  project: Project;
  columns: BoardColumn[];
  archivedTasks: Task[];
  archivedColumns: Column[];
};

type ColumnIndex = { liveIds: Set<string>; fallback: string };

function columnIndex(doc: Y.Doc, projectId: string): ColumnIndex {
  const live = liveColumns(readColumns(doc, projectId));
  return { liveIds: new Set(live.map((c) => c.id)), fallback: live[0]?.id ?? '' };
}

function place(fields: TaskFields, map: Y.Map<unknown>, index: ColumnIndex): Task {
  const register = placementRegister(map);
  const win = register ? winningEntry(placementEntries(register)) : undefined;
  return {
    ...fields,
    columnId: win && index.liveIds.has(win.col) ? win.col : index.fallback,
    rank: win?.rank ?? 'a0',
    movedBy: win?.by ?? fields.createdBy,
    movedAt: win?.hlc ?? 0,
  };
}

/**
 * The live tasks of one column in board order: moves and creates compute their neighbours with
 * this, so it reads the task index (task-index.ts), costing the column, not the workspace. The
 * first live column also holds the tasks placed in a column that is gone (SPEC M6).
 */
export function readColumnOrder(
  doc: Y.Doc,
  projectId: string,
  columnId: string,
  exceptId?: string,
): Ranked[] {
  const index = columnIndex(doc, projectId);
  const tasks = taskIndex(doc);
  let out: Ranked[];
  if (columnId === index.fallback) {
    const parts: (readonly Ranked[])[] = [];
    for (const [col, list] of tasks.placedColumns(projectId)) {
      if (col === columnId || !index.liveIds.has(col)) parts.push(list);
    }
    out = parts.length === 1 ? [...(parts[0] as readonly Ranked[])] : parts.flat().sort(compareRanked);
  } else {
    out = index.liveIds.has(columnId) ? [...tasks.column(projectId, columnId)] : [];
  }
  return exceptId === undefined ? out : out.filter((r) => r.id !== exceptId);
}

/** Every task of a project, placed, in no particular order. */
export function readProjectTasks(doc: Y.Doc, projectId: string): Task[] {
  countTaskWalk(doc);
  // A deleted project's tasks are gone with it, those it never marked too (deleted-record.ts).
  if (isProjectDeleted(doc, projectId)) return [];
  const index = columnIndex(doc, projectId);
  const out: Task[] = [];
  const tasks = tasksMap(doc) as Y.Map<unknown>;
  tasks.forEach((_, id) => {
    const map = getYMap(tasks, id);
    const fields = map && readTaskFields(id, map);
    if (map && fields && fields.projectId === projectId) out.push(place(fields, map, index));
  });
  return out;
}

export function readBoard(doc: Y.Doc, projectId: string): Board | undefined {
  const project = readProject(doc, projectId);
  if (!project) return undefined;
  const columns = readColumns(doc, projectId);
  const live = liveColumns(columns);
  const byColumn = new Map<string, Task[]>(live.map((c) => [c.id, []]));
  const archivedTasks: Task[] = [];
  for (const task of readProjectTasks(doc, projectId)) {
    if (task.archivedAt !== null) archivedTasks.push(task);
    else byColumn.get(task.columnId)?.push(task);
  }
  // Most recently archived first; the id keeps ties in one order on every replica.
  archivedTasks.sort((a, b) =>
    a.archivedAt === b.archivedAt
      ? compareRanked(a, b)
      : (a.archivedAt ?? '') < (b.archivedAt ?? '')
        ? 1
        : -1,
  );
  return {
    project,
    columns: live.map((c) => ({ ...c, tasks: (byColumn.get(c.id) ?? []).sort(compareRanked) })),
    archivedTasks,
    archivedColumns: columns.filter((c) => !live.includes(c)),
  };
}

/** A single task with its resolved column, or undefined. */
export function readTask(doc: Y.Doc, taskId: string): Task | undefined {
  const map = getYMap(tasksMap(doc) as Y.Map<unknown>, taskId);
  const fields = map && readTaskFields(taskId, map);
  if (!map || !fields || isProjectDeleted(doc, fields.projectId)) return undefined;
  return place(fields, map, columnIndex(doc, fields.projectId));
}

/** Every task of every project, placed, reading each project's columns once (a whole-workspace view). */
export function readAllTasks(doc: Y.Doc): Task[] {
  countTaskWalk(doc);
  const indexes = new Map<string, ColumnIndex>();
  const deleted = new Map<string, boolean>();
  const out: Task[] = [];
  const tasks = tasksMap(doc) as Y.Map<unknown>;
  tasks.forEach((_, id) => {
    const map = getYMap(tasks, id);
    const fields = map && readTaskFields(id, map);
    if (!map || !fields) return;
    let gone = deleted.get(fields.projectId);
    if (gone === undefined) {
      gone = isProjectDeleted(doc, fields.projectId);
      deleted.set(fields.projectId, gone);
    }
    if (gone) return;
    let index = indexes.get(fields.projectId);
    if (!index) {
      index = columnIndex(doc, fields.projectId);
      indexes.set(fields.projectId, index);
    }
    out.push(place(fields, map, index));
  });
  return out;
}
