/** Projects and their workflow columns (SPEC M7, M8). */
import * as Y from 'yjs';
import { z } from 'zod';
import { actorOf, columnsMap, type Editor, getYMap, newId, nowIso, projectsMap, write } from './doc.ts';
import { ModelError } from './errors.ts';
import { projectOfKey, setProjectKey } from './keys.ts';
import { rankAfterAll, rankAt } from './rank.ts';
import { liveColumns, readColumns, readProject } from './read.ts';
import {
  ESTIMATION_UNITS,
  type EstimationUnit,
  nameSchema,
  PROJECT_MODES,
  type Project,
  type ProjectMode,
  projectKeySchema,
} from './schema.ts';

export const DEFAULT_COLUMNS = ['To Do', 'In Progress', 'Done'] as const;

function parseName(name: unknown): string {
  const parsed = nameSchema.safeParse(name);
  if (!parsed.success) throw new ModelError('invalid_input', 'A name needs 1 to 120 characters.');
  return parsed.data;
}

/**
 * A short uppercase key like Jira's `TF`, from the project's name; always a valid key (2 to 10
 * letters or digits, starting with a letter: `projectKeySchema`), so `2026 roadmap` gives `RP`,
 * never `2R`, which no task key could name.
 */
export function projectKeyFrom(name: string): string {
  const words = name.toUpperCase().match(/[A-Z0-9]+/g) ?? [];
  const key = (words.length > 1 ? words.map((w) => w[0]).join('') : (words[0] ?? '')).replace(/^[0-9]+/, '');
  return key.length >= 2 ? key.slice(0, 5) : `${key}PR`.slice(0, 2);
}

/**
 * Creates a project with the default columns. Column ids derive from the project id, so the
 * server's seed of the first project is the same on every attempt (SPEC M8).
 */
export function createProject(
  doc: Y.Doc,
  editor: Editor,
  input: { name: string; id?: string; key?: string; mode?: ProjectMode; estimationUnit?: EstimationUnit },
): Project {
  const name = parseName(input.name);
  const id = input.id ?? newId();
  const settings = parseSettings({ mode: input.mode, estimationUnit: input.estimationUnit });
  const givenKey = input.key === undefined ? undefined : parseKey(input.key);
  return write(doc, editor, () => {
    if (projectsMap(doc).has(id)) throw new ModelError('invalid_input', `Project ${id} already exists.`);
    if (givenKey && projectOfKey(doc, givenKey)) {
      throw new ModelError('conflict', `The key ${givenKey} is already used by another project.`);
    }
    const project = new Y.Map<unknown>();
    project.set('name', name);
    project.set('key', givenKey ?? freeKey(doc, projectKeyFrom(name)));
    project.set('mode', settings.mode ?? 'kanban');
    project.set('estimationUnit', settings.estimationUnit ?? 'points');
    project.set('createdBy', actorOf(editor));
    project.set('createdAt', nowIso(editor));
    project.set('archivedAt', null);
    projectsMap(doc).set(id, project);
    let prev: string | null = null;
    for (const [i, colName] of DEFAULT_COLUMNS.entries()) {
      const rank = rankAfterAll(prev === null ? [] : [{ id: '', rank: prev }]);
      insertColumn(doc, { id: `${id}:col${i + 1}`, projectId: id, name: colName, rank });
      prev = rank;
    }
    return readProject(doc, id) as Project;
  });
}

function parseKey(key: string): string {
  const parsed = projectKeySchema.safeParse(key);
  if (!parsed.success) throw new ModelError('invalid_input', parsed.error.issues[0]?.message ?? 'bad key');
  return parsed.data;
}

/** `base`, or `base2`, `base3`… : the first no other project holds (now or as an old key). */
function freeKey(doc: Y.Doc, base: string): string {
  if (!projectOfKey(doc, base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base.slice(0, 10 - String(i).length)}${i}`;
    if (!projectOfKey(doc, candidate)) return candidate;
  }
}

const settingsSchema = z
  .object({ mode: z.enum(PROJECT_MODES), estimationUnit: z.enum(ESTIMATION_UNITS) })
  .partial();

function parseSettings(input: { mode?: unknown; estimationUnit?: unknown }): {
  mode?: ProjectMode | undefined;
  estimationUnit?: EstimationUnit | undefined;
} {
  const parsed = settingsSchema.safeParse(input);
  if (!parsed.success)
    throw new ModelError('invalid_input', 'mode is kanban or scrum; estimationUnit is points or hours.');
  return parsed.data;
}

export type ProjectPatch = {
  name?: string;
  key?: string;
  mode?: ProjectMode;
  estimationUnit?: EstimationUnit;
};

/** Changes a project's settings: name, key (the old one keeps resolving, keys.ts), mode, unit. */
export function updateProject(doc: Y.Doc, editor: Editor, projectId: string, patch: ProjectPatch): void {
  const name = patch.name === undefined ? undefined : parseName(patch.name);
  const settings = parseSettings({ mode: patch.mode, estimationUnit: patch.estimationUnit });
  write(doc, editor, () => {
    const map = requireProject(doc, projectId);
    if (patch.key !== undefined) setProjectKey(doc, editor, projectId, patch.key);
    if (name !== undefined && map.get('name') !== name) map.set('name', name);
    if (settings.mode && map.get('mode') !== settings.mode) map.set('mode', settings.mode);
    if (settings.estimationUnit && map.get('estimationUnit') !== settings.estimationUnit) {
      map.set('estimationUnit', settings.estimationUnit);
    }
  });
}

export function renameProject(doc: Y.Doc, editor: Editor, projectId: string, name: string): void {
  const clean = parseName(name);
  write(doc, editor, () => requireProject(doc, projectId).set('name', clean));
}

export function archiveProject(doc: Y.Doc, editor: Editor, projectId: string, archived = true): void {
  write(doc, editor, () =>
    requireProject(doc, projectId).set('archivedAt', archived ? nowIso(editor) : null),
  );
}

function requireProject(doc: Y.Doc, projectId: string): Y.Map<unknown> {
  const map = getYMap(projectsMap(doc) as Y.Map<unknown>, projectId);
  if (!map) throw new ModelError('not_found', 'That project does not exist.');
  return map;
}

function insertColumn(doc: Y.Doc, c: { id: string; projectId: string; name: string; rank: string }): void {
  const col = new Y.Map<unknown>();
  col.set('projectId', c.projectId);
  col.set('name', c.name);
  col.set('rank', c.rank);
  col.set('archivedAt', null);
  columnsMap(doc).set(c.id, col);
}

/** Adds a column at the end of the project's workflow (or at `index` among live columns). */
export function addColumn(
  doc: Y.Doc,
  editor: Editor,
  input: { projectId: string; name: string; index?: number; id?: string },
): string {
  const name = parseName(input.name);
  const id = input.id ?? newId();
  write(doc, editor, () => {
    requireProject(doc, input.projectId);
    const live = liveColumns(readColumns(doc, input.projectId));
    insertColumn(doc, {
      id,
      projectId: input.projectId,
      name,
      rank: rankAt(live, input.index ?? live.length),
    });
  });
  return id;
}

function requireColumn(doc: Y.Doc, columnId: string): Y.Map<unknown> {
  const map = getYMap(columnsMap(doc) as Y.Map<unknown>, columnId);
  if (!map) throw new ModelError('not_found', 'That column does not exist.');
  return map;
}

export function renameColumn(doc: Y.Doc, editor: Editor, columnId: string, name: string): void {
  const clean = parseName(name);
  write(doc, editor, () => requireColumn(doc, columnId).set('name', clean));
}

/** Moves a column to `index` among the project's live columns. Concurrent reorders: last writer wins. */
export function moveColumn(doc: Y.Doc, editor: Editor, columnId: string, index: number): void {
  write(doc, editor, () => {
    const col = requireColumn(doc, columnId);
    const projectId = String(col.get('projectId'));
    const others = liveColumns(readColumns(doc, projectId)).filter((c) => c.id !== columnId);
    col.set('rank', rankAt(others, index));
  });
}

/**
 * Archives a column; its tasks show in the first live column until it is restored (SPEC M6).
 * The last live column cannot be archived: a board needs somewhere to put tasks.
 */
export function archiveColumn(doc: Y.Doc, editor: Editor, columnId: string): void {
  write(doc, editor, () => {
    const col = requireColumn(doc, columnId);
    const live = readColumns(doc, String(col.get('projectId'))).filter((c) => c.archivedAt === null);
    if (live.length === 1 && live[0]?.id === columnId) {
      throw new ModelError('last_column', 'A project keeps at least one column.');
    }
    col.set('archivedAt', nowIso(editor));
  });
}

export function restoreColumn(doc: Y.Doc, editor: Editor, columnId: string): void {
  write(doc, editor, () => requireColumn(doc, columnId).set('archivedAt', null));
}
