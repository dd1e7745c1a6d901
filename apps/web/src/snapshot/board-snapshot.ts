/**
 * A plain copy of one project's board as this person last saw it, kept beside the workspace's
 * Y.Doc so a reopen paints the board before the document is loaded (issue 13). It holds what the
 * board shows and nothing else: per task the fields its card and the board's filters read (the
 * card is memoized on exactly these, so swapping in the live board re-renders only what changed).
 *
 * Read back through zod: a snapshot written by another version of the app, or damaged, is ignored
 * (the board then waits for the document, as before), never trusted and never a crash.
 */
import {
  type Board,
  ESTIMATION_UNITS,
  PRIORITIES,
  PROJECT_MODES,
  type Priority,
  type Project,
  type Sprint,
  type Task,
} from '@taskflow/model';
import { z } from 'zod';

/** Bumped whenever the stored shape changes; any other version is ignored. */
export const SNAPSHOT_VERSION = 1;

const id = z.string().min(1).max(200);
const text = z.string().max(20_000);

const projectSchema = z.object({
  id,
  name: text,
  key: z.string().max(20),
  mode: z.enum(PROJECT_MODES),
  estimationUnit: z.enum(ESTIMATION_UNITS),
  createdBy: id,
  createdAt: z.string(),
  archivedAt: z.string().nullable(),
});

/** A task as its card shows it, as a row: 10,000 of them stay small to store and quick to read. */
type StoredTask = [
  id: string,
  title: string,
  priority: Priority,
  labels: string[],
  assignee: string | null,
  deadline: string | null,
  estimate: number | null,
  number: number | null,
  updatedAt: string,
  rank: string,
  sprintId: string | null,
];

const PRIORITY_SET: ReadonlySet<unknown> = new Set(PRIORITIES);
const isText = (x: unknown, max: number, min = 0): x is string =>
  typeof x === 'string' && x.length >= min && x.length <= max;
const isTextOrNull = (x: unknown, max: number, min = 0) => x === null || isText(x, max, min);
const isNumberOrNull = (x: unknown) => x === null || (typeof x === 'number' && Number.isFinite(x));

/**
 * The rows are checked by this loop inside the zod schema rather than by a zod tuple: zod spent
 * 60-130 ms on 10,000 rows (11 checks each), a third of the time the snapshot is meant to save.
 */
function isStoredTask(x: unknown): x is StoredTask {
  if (!Array.isArray(x) || x.length !== 11) return false;
  const [id, title, priority, labels, assignee, deadline, estimate, number, updatedAt, rank, sprintId] = x;
  return (
    isText(id, 200, 1) &&
    isText(title, 20_000) &&
    PRIORITY_SET.has(priority) &&
    Array.isArray(labels) &&
    labels.length <= 20 &&
    labels.every((l) => isText(l, 40)) &&
    isTextOrNull(assignee, 200, 1) &&
    isTextOrNull(deadline, 40) &&
    isNumberOrNull(estimate) &&
    (number === null || Number.isSafeInteger(number)) &&
    isText(updatedAt, 40) &&
    isText(rank, 200, 1) &&
    isTextOrNull(sprintId, 200, 1)
  );
}

/**
 * A column's rows, checked in one call: as a zod array of custom checks, zod's own per-element
 * work (a result object and an issue scan per row) cost more than the checks themselves.
 */
const tasksSchema = z.custom<StoredTask[]>(
  (x) => Array.isArray(x) && x.every(isStoredTask),
  'not a list of stored tasks',
);

const columnSchema = z.object({ id, name: text, rank: z.string().max(200), tasks: tasksSchema });

/** Sprints as the model reads them; only what the board uses is checked, the rest passes through. */
const sprintSchema = z.looseObject({
  id,
  projectId: id,
  name: text,
  state: z.enum(['planned', 'active', 'closed']),
});

export const snapshotSchema = z.object({
  version: z.literal(SNAPSHOT_VERSION),
  savedAt: z.string(),
  project: projectSchema,
  /** The workspace's projects, for the project switcher. */
  projects: z.array(projectSchema).max(1_000),
  columns: z.array(columnSchema).max(200),
  sprints: z.array(sprintSchema).max(10_000),
  /** Names of the people the cards show. */
  people: z.record(z.string(), text),
});
export type StoredSnapshot = z.infer<typeof snapshotSchema>;

/** What a snapshot gives the board screen: the board, and what the page around it shows. */
export type BoardSnapshot = {
  board: Board;
  projects: Project[];
  sprints: Sprint[];
  people: Record<string, string>;
};

export function toSnapshot(snapshot: BoardSnapshot, savedAt = new Date().toISOString()): StoredSnapshot {
  const { board } = snapshot;
  return {
    version: SNAPSHOT_VERSION,
    savedAt,
    project: board.project,
    projects: snapshot.projects,
    columns: board.columns.map((c) => ({
      id: c.id,
      name: c.name,
      rank: c.rank,
      tasks: c.tasks.map(storedTask),
    })),
    sprints: snapshot.sprints,
    people: snapshot.people,
  };
}

/** A task's row in the snapshot (snapshot-encoder.ts encodes the same rows one by one). */
export function storedTask(t: Task): StoredTask {
  return [
    t.id,
    t.title,
    t.priority,
    t.labels,
    t.assignee,
    t.deadline,
    t.estimate,
    t.number,
    t.updatedAt,
    t.rank,
    t.sprintId,
  ];
}

/** The snapshot in `raw` (parsed JSON), or null when it is of another version or not valid. */
export function fromSnapshot(raw: unknown): BoardSnapshot | null {
  const parsed = snapshotSchema.safeParse(raw);
  if (!parsed.success) return null;
  const s = parsed.data;
  const projectId = s.project.id;
  const board: Board = {
    project: s.project,
    columns: s.columns.map((c) => ({
      id: c.id,
      projectId,
      name: c.name,
      rank: c.rank,
      archivedAt: null,
      tasks: c.tasks.map((t) => toTask(t, projectId, c.id)),
    })),
    // The archived view opens only on the live board.
    archivedTasks: [],
    archivedColumns: [],
  };
  return { board, projects: s.projects, sprints: s.sprints as unknown as Sprint[], people: s.people };
}

function toTask(
  [id, title, priority, labels, assignee, deadline, estimate, number, updatedAt, rank, sprintId]: StoredTask,
  projectId: string,
  columnId: string,
): Task {
  // Fields the card does not show get neutral values; nothing reads them before the live board.
  return {
    id,
    projectId,
    title,
    description: '',
    priority,
    labels,
    assignee,
    deadline,
    // Not in the snapshot: its cards show the day until the live board arrives.
    deadlineTime: null,
    estimate,
    recurrence: null,
    sprintId,
    originalEstimateSeconds: null,
    remainingEstimateSeconds: null,
    remainingSetSpent: 0,
    type: 'task',
    parentId: null,
    epicId: null,
    number,
    planRank: rank,
    watchers: [],
    createdBy: '',
    createdAt: updatedAt,
    updatedBy: '',
    updatedAt,
    archivedAt: null,
    columnId,
    rank,
    movedBy: '',
    movedAt: 0,
  };
}
