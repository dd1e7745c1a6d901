/**
 * The workspace as flat records of raw values: per project, column and task, the stored values the
 * board view reads (a task's placement as its winning column and rank). Two ways to get one: read
 * it from a document, or take an earlier one and apply the changes history recorded since
 * (`applyChanges`, the same `DocChange`s observeChanges reports). The board as of a moment is built
 * the second way on the server: applying a 10,000-task document state costs most of a second;
 * parsing a flat state and applying a few thousand recorded changes costs a few milliseconds.
 *
 * Values stay raw (validated only when the view is read, by the same readers as a document), so a
 * flat state read from a document and one rolled forward from changes give the same view.
 */
import type * as Y from 'yjs';
import type { FieldChange } from './changes.ts';
import { descriptionFragment, descriptionText } from './description-fragment.ts';
import { columnsMap, getYMap, projectsMap, tasksMap } from './doc.ts';
import { placementEntries, placementRegister, winningEntry } from './placement.ts';
import { compareRanked } from './rank.ts';
import {
  compareColumns,
  compareProjects,
  liveColumns,
  readColumnAt,
  readProjectAt,
  readTaskCore,
} from './read.ts';
import type { Column, Task } from './schema.ts';
import { countTaskWalk } from './task-index.ts';

/** A task as the whole-board view shows it: its fields, where it is, and whether it is archived. */
export type ViewTask = Pick<
  Task,
  'id' | 'title' | 'description' | 'priority' | 'labels' | 'assignee' | 'deadline' | 'estimate' | 'columnId'
> & { archived: boolean };
export type ViewColumn = { id: string; name: string; archived: boolean; tasks: ViewTask[] };
export type ViewProject = { id: string; name: string; key: string; archived: boolean; columns: ViewColumn[] };

type Values = Map<string, unknown>;
export type FlatState = {
  projects: Map<string, Values>;
  columns: Map<string, Values>;
  tasks: Map<string, Values>;
};

/** Keys of a task's placement in its flat record (never a stored key: those have no `@`). */
const COL = '@col';
const RANK = '@rank';
const TASK_KEYS = [
  'projectId',
  'title',
  'description',
  'priority',
  'labels',
  'assignee',
  'deadline',
  'estimate',
  'archivedAt',
  // A deleted task or project is in no view (deleted-record.ts); history rolls its deletion forward.
  'deletedAt',
] as const;
const PROJECT_KEYS = ['name', 'key', 'createdAt', 'archivedAt', 'deletedAt'] as const;
const COLUMN_KEYS = ['projectId', 'name', 'rank', 'archivedAt'] as const;

/** Plain data only, as history records it (a nested Yjs type reads as null, and fails validation alike). */
function plain(v: unknown): unknown {
  if (v === undefined) return undefined;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  return Object.getPrototypeOf(v) === Object.prototype ? v : null;
}

function copy(map: Y.Map<unknown>, keys: readonly string[]): Values {
  const out: Values = new Map();
  for (const k of keys) if (map.has(k)) out.set(k, plain(map.get(k)));
  return out;
}

export function readFlatState(doc: Y.Doc): FlatState {
  const flat: FlatState = { projects: new Map(), columns: new Map(), tasks: new Map() };
  const each = (root: Y.Map<unknown>, keys: readonly string[], into: Map<string, Values>) =>
    root.forEach((_, id) => {
      const map = getYMap(root, id);
      if (map) into.set(id, copy(map, keys));
    });
  each(projectsMap(doc) as Y.Map<unknown>, PROJECT_KEYS, flat.projects);
  each(columnsMap(doc) as Y.Map<unknown>, COLUMN_KEYS, flat.columns);
  countTaskWalk(doc);
  const tasks = tasksMap(doc) as Y.Map<unknown>;
  tasks.forEach((_, id) => {
    const map = getYMap(tasks, id);
    if (!map) return;
    const values = copy(map, TASK_KEYS);
    // The rich description's text, as readers read it (history rolls it forward as a string).
    if (descriptionFragment(map))
      values.set(
        'description',
        descriptionText(map, () => ''),
      );
    const register = placementRegister(map);
    const win = register ? winningEntry(placementEntries(register)) : undefined;
    if (win) {
      values.set(COL, win.col);
      values.set(RANK, win.rank);
    }
    flat.tasks.set(id, values);
  });
  return flat;
}

/** Rolls a flat state forward by changes, in the order they were recorded. */
export function applyChanges(
  flat: FlatState,
  changes: readonly { kind: string; entityId: string; changes: readonly FieldChange[] }[],
): void {
  for (const c of changes) {
    const [entity, what] = c.kind.split('.');
    const records =
      entity === 'task'
        ? flat.tasks
        : entity === 'project'
          ? flat.projects
          : entity === 'column'
            ? flat.columns
            : null;
    if (!records) continue;
    let values = records.get(c.entityId);
    if (what === 'created' || !values) {
      if (what !== 'created') continue;
      values = new Map();
      records.set(c.entityId, values);
    }
    if (what === 'moved') {
      if (c.changes.some((f) => f.field === 'outcome')) continue; // it lost: the card did not move
      for (const f of c.changes) values.set(f.field === 'column' ? COL : RANK, f.to);
      continue;
    }
    for (const f of c.changes) {
      const key =
        entity === 'task' && what === 'created'
          ? f.field === 'column'
            ? COL
            : f.field === 'rank'
              ? RANK
              : f.field
          : f.field;
      values.set(key, f.to);
    }
  }
}

/** The whole board, as `readWorkspaceView` gives it (which reads a document through this). */
export function viewOfFlat(flat: FlatState): ViewProject[] {
  const columnsOf = new Map<string, Column[]>();
  for (const [id, values] of flat.columns) {
    const c = readColumnAt(id, values);
    if (!c) continue;
    columnsOf.set(c.projectId, [...(columnsOf.get(c.projectId) ?? []), c]);
  }
  for (const list of columnsOf.values()) list.sort(compareColumns);
  const place = new Map<string, { liveIds: Set<string>; fallback: string }>();
  const placeOf = (projectId: string) => {
    let p = place.get(projectId);
    if (!p) {
      const live = liveColumns(columnsOf.get(projectId) ?? []);
      p = { liveIds: new Set(live.map((c) => c.id)), fallback: live[0]?.id ?? '' };
      place.set(projectId, p);
    }
    return p;
  };
  const byColumn = new Map<string, (ViewTask & { rank: string })[]>();
  for (const [id, values] of flat.tasks) {
    const t = readTaskCore(id, values);
    if (!t) continue;
    const col = values.get(COL);
    const { liveIds, fallback } = placeOf(t.projectId);
    const columnId = typeof col === 'string' && liveIds.has(col) ? col : fallback;
    const rank = typeof values.get(RANK) === 'string' ? (values.get(RANK) as string) : 'a0';
    const list = byColumn.get(columnId) ?? [];
    list.push({
      id,
      title: t.title,
      description: t.description,
      priority: t.priority,
      labels: t.labels,
      assignee: t.assignee,
      deadline: t.deadline,
      estimate: t.estimate,
      archived: t.archivedAt !== null,
      columnId,
      rank,
    });
    byColumn.set(columnId, list);
  }
  const projects = [...flat.projects].flatMap(([id, values]) => {
    const p = readProjectAt(id, values);
    return p ? [p] : [];
  });
  return projects.sort(compareProjects).map((p) => ({
    id: p.id,
    name: p.name,
    key: p.key,
    archived: p.archivedAt !== null,
    columns: (columnsOf.get(p.id) ?? []).map((c) => ({
      id: c.id,
      name: c.name,
      archived: c.archivedAt !== null,
      tasks: (byColumn.get(c.id) ?? []).sort(compareRanked).map(({ rank: _rank, ...task }) => task),
    })),
  }));
}

/** A flat state as JSON (stored beside a checkpoint), and back. */
export function encodeFlatState(flat: FlatState): string {
  const part = (m: Map<string, Values>) => [...m].map(([id, v]) => [id, Object.fromEntries(v)]);
  return JSON.stringify({
    projects: part(flat.projects),
    columns: part(flat.columns),
    tasks: part(flat.tasks),
  });
}

export function decodeFlatState(json: string): FlatState {
  const raw = JSON.parse(json) as Record<
    'projects' | 'columns' | 'tasks',
    [string, Record<string, unknown>][]
  >;
  const part = (list: [string, Record<string, unknown>][]) =>
    new Map(list.map(([id, v]) => [id, new Map(Object.entries(v))]));
  return { projects: part(raw.projects), columns: part(raw.columns), tasks: part(raw.tasks) };
}
