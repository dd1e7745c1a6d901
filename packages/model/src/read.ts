/**
 * Readers: turn the Y.Doc into plain typed objects. Every field is parsed on its own; a bad field
 * falls back to a default and a record missing its identity is skipped (SPEC M9).
 */

import type * as Y from 'yjs';
import { z } from 'zod';
import { isDeletedRecord } from './deleted-record.ts';
import { descriptionText } from './description-fragment.ts';
import { columnsMap, getYMap, projectsMap, tasksMap } from './doc.ts';
import { numberOrNull, quickCheck } from './quick-checks.ts';
import {
  type Column,
  ESTIMATION_UNITS,
  nameSchema,
  PROJECT_MODES,
  type Project,
  storedTaskFields,
  type Task,
} from './schema.ts';
import { readWatchers } from './watchers.ts';

/**
 * What the readers need of a record: its values by key. A Y.Map is one; so is a plain Map of the
 * same values (the history's flat states, flat-state.ts), which is how both read exactly alike.
 */
export type RecordValues = { get(key: string): unknown };

const EPOCH = new Date(0).toISOString();
const storedProjectKey = z.string().regex(/^[A-Z0-9]{1,10}$/);
const modeSchema = z.enum(PROJECT_MODES);
const unitSchema = z.enum(ESTIMATION_UNITS);

/** `value` as `schema` reads it, or undefined when it does not fit (or is missing). */
function checked<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> | undefined {
  // Most fields are left out when they hold their default (createTask writes only what is set).
  if (value === undefined) return undefined;
  if (quickCheck(schema)?.(value)) {
    // A copy, as zod would give: the stored array belongs to the document.
    return (Array.isArray(value) ? value.slice() : value) as z.infer<S>;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function field<S extends z.ZodType>(
  map: RecordValues,
  key: string,
  schema: S,
  fallback: z.infer<S>,
): z.infer<S> {
  const value = checked(schema, map.get(key));
  return value === undefined ? fallback : value;
}

export function readProjectAt(id: string, map: RecordValues): Project | undefined {
  if (isDeletedRecord(map)) return undefined;
  const name = checked(nameSchema, map.get('name'));
  if (name === undefined) return undefined;
  return {
    id,
    name,
    key: field(map, 'key', storedProjectKey, name.slice(0, 3).toUpperCase()),
    mode: field(map, 'mode', modeSchema, 'kanban'),
    estimationUnit: field(map, 'estimationUnit', unitSchema, 'points'),
    createdBy: field(map, 'createdBy', storedTaskFields.createdBy, 'unknown'),
    createdAt: field(map, 'createdAt', storedTaskFields.createdAt, EPOCH),
    archivedAt: field(map, 'archivedAt', storedTaskFields.archivedAt, null),
  };
}

export function readProjects(doc: Y.Doc): Project[] {
  const out: Project[] = [];
  projectsMap(doc).forEach((value, id) => {
    const map = getYMap(projectsMap(doc) as Y.Map<unknown>, id);
    const p = map && readProjectAt(id, map);
    if (p && value) out.push(p);
  });
  return out.sort(compareProjects);
}

/** Projects in the order they were created (ties by id, so every replica agrees). */
export function compareProjects(a: Project, b: Project): number {
  return a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1;
}

/** Columns in board order: by rank, ties by id. */
export function compareColumns(a: Column, b: Column): number {
  return a.rank !== b.rank ? (a.rank < b.rank ? -1 : 1) : a.id < b.id ? -1 : 1;
}

export function readProject(doc: Y.Doc, id: string): Project | undefined {
  const map = getYMap(projectsMap(doc) as Y.Map<unknown>, id);
  return map && readProjectAt(id, map);
}

export function readColumnAt(id: string, map: RecordValues): Column | undefined {
  const projectId = checked(storedTaskFields.projectId, map.get('projectId'));
  if (projectId === undefined) return undefined;
  return {
    id,
    projectId,
    name: field(map, 'name', nameSchema, 'Untitled'),
    rank: field(map, 'rank', nameSchema, 'a0'),
    archivedAt: field(map, 'archivedAt', storedTaskFields.archivedAt, null),
  };
}

/** Columns of a project in board order, archived ones included (callers filter). */
export function readColumns(doc: Y.Doc, projectId: string): Column[] {
  const out: Column[] = [];
  const cols = columnsMap(doc) as Y.Map<unknown>;
  cols.forEach((_, id) => {
    const map = getYMap(cols, id);
    const c = map && readColumnAt(id, map);
    if (c && c.projectId === projectId) out.push(c);
  });
  return out.sort(compareColumns);
}

/**
 * The columns a board shows. Two people archiving different columns concurrently can leave a
 * project with none live; then its first column counts as live, so tasks always have a home (SPEC M6).
 */
export function liveColumns(columns: readonly Column[]): Column[] {
  const live = columns.filter((c) => c.archivedAt === null);
  return live.length > 0 || columns[0] === undefined ? live : [columns[0]];
}

/** The task's fields without its placement; the board resolves the column (board.ts). */
export type TaskFields = Omit<Task, 'columnId' | 'rank' | 'movedBy' | 'movedAt'>;

export function readTaskFields(id: string, map: Y.Map<unknown>): TaskFields | undefined {
  const core = readTaskCore(id, map);
  return core && { ...core, watchers: readWatchers(map) };
}

/** A task's fields but its watchers (which need the map's keys, not only its values). */
export function readTaskCore(id: string, map: RecordValues): Omit<TaskFields, 'watchers'> | undefined {
  if (isDeletedRecord(map)) return undefined;
  const f = storedTaskFields;
  const projectId = checked(f.projectId, map.get('projectId'));
  if (projectId === undefined) return undefined;
  const createdAt = field(map, 'createdAt', f.createdAt, EPOCH);
  const deadline = field(map, 'deadline', f.deadline, null);
  return {
    id,
    projectId,
    title: field(map, 'title', f.title, '(untitled)') || '(untitled)',
    // The rich fragment's text where the task has one (description-fragment.ts), else the string.
    description: descriptionText(map, () => field(map, 'description', f.description, '')),
    priority: field(map, 'priority', f.priority, 'medium'),
    labels: field(map, 'labels', f.labels, []),
    assignee: field(map, 'assignee', f.assignee, null),
    deadline,
    // A time left behind by a client that cleared the day without knowing of times means nothing.
    deadlineTime: deadline === null ? null : field(map, 'deadlineTime', f.deadlineTime, null),
    estimate: field(map, 'estimate', f.estimate, null),
    recurrence: field(map, 'recurrence', f.recurrence, null),
    sprintId: field(map, 'sprintId', f.sprintId, null),
    originalEstimateSeconds: field(map, 'originalEstimateSeconds', f.originalEstimateSeconds, null),
    remainingEstimateSeconds: field(map, 'remainingEstimateSeconds', f.remainingEstimateSeconds, null),
    remainingSetSpent: field(map, 'remainingSetSpent', f.remainingSetSpent, 0),
    type: field(map, 'type', f.type, null) ?? 'task',
    parentId: field(map, 'parentId', f.parentId, null),
    epicId: field(map, 'epicId', f.epicId, null),
    number: field(map, 'number', numberOrNull, null),
    planRank: field(map, 'planRank', f.planRank, 'a0'),
    createdBy: field(map, 'createdBy', f.createdBy, 'unknown'),
    createdAt,
    updatedBy: field(map, 'updatedBy', f.updatedBy, field(map, 'createdBy', f.createdBy, 'unknown')),
    updatedAt: field(map, 'updatedAt', f.updatedAt, createdAt),
    archivedAt: archivedAtOf(map),
  };
}

/** Any non-empty string counts as archived, so a garbled date never brings a task back. */
export function archivedAtOf(map: RecordValues): string | null {
  const v = map.get('archivedAt');
  if (typeof v !== 'string' || v.length === 0) return null;
  return checked(storedTaskFields.archivedAt, v) ?? EPOCH;
}

export function yTask(doc: Y.Doc, id: string): Y.Map<unknown> | undefined {
  return getYMap(tasksMap(doc) as Y.Map<unknown>, id);
}
