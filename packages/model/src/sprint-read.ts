/**
 * Reading sprints (SPEC M22): a project's sprints with their derived state, and where a task is
 * planned after the completion rule (`effectiveSprintId`). Writes are in sprints.ts, the plan's
 * lists in plan.ts.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { getYMap, sprintsMap } from './doc.ts';
import { LIMITS, nameSchema, type Task } from './schema.ts';

const id = z.string().min(1).max(200);
const isoDate = z.iso.datetime({ offset: true });
const isoDay = z.iso.date();

export type SprintState = 'planned' | 'active' | 'closed';

const startSchema = z.object({
  at: isoDate,
  by: id,
  /** What was committed when it started, for reports: the tasks and their sum in the project's unit. */
  taskIds: z.array(id).max(100_000),
  committed: z.number().min(0),
  unit: z.enum(['points', 'hours']),
});
const completionSchema = z.object({
  at: isoDate,
  by: id,
  /** Where open tasks went: another sprint's id, or null for the backlog. */
  openTo: id.nullable(),
  doneTaskIds: z.array(id).max(100_000),
  openTaskIds: z.array(id).max(100_000),
});
export type SprintStart = z.infer<typeof startSchema>;
export type SprintCompletion = z.infer<typeof completionSchema>;

export type Sprint = {
  id: string;
  projectId: string;
  name: string;
  goal: string;
  startDate: string | null;
  endDate: string | null;
  createdBy: string;
  createdAt: string;
  /** Derived: closed once completed; active if started and its start won (see `readSprints`). */
  state: SprintState;
  start: SprintStart | null;
  completion: SprintCompletion | null;
  /** Started concurrently with the sprint that is active: this start lost and waits (M22). */
  startLost: boolean;
};

function field<T>(map: Y.Map<unknown>, key: string, schema: z.ZodType<T>, fallback: T): T {
  const parsed = schema.safeParse(map.get(key));
  return parsed.success ? parsed.data : fallback;
}

type RawSprint = Omit<Sprint, 'state' | 'startLost'>;

function readRaw(sprintId: string, map: Y.Map<unknown>): RawSprint | undefined {
  const projectId = id.safeParse(map.get('projectId'));
  if (!projectId.success) return undefined;
  return {
    id: sprintId,
    projectId: projectId.data,
    name: field(map, 'name', nameSchema, 'Sprint'),
    goal: field(map, 'goal', z.string().max(LIMITS.goal), ''),
    startDate: field(map, 'startDate', isoDay.nullable(), null),
    endDate: field(map, 'endDate', isoDay.nullable(), null),
    createdBy: field(map, 'createdBy', id, 'unknown'),
    createdAt: field(map, 'createdAt', isoDate, new Date(0).toISOString()),
    start: field(map, 'start', startSchema.nullable(), null),
    completion: field(map, 'completion', completionSchema.nullable(), null),
  };
}

/** Which started, uncompleted sprint is active: the earliest start, ties by id (M22). */
function compareStarts(a: RawSprint, b: RawSprint): number {
  const x = a.start?.at ?? '';
  const y = b.start?.at ?? '';
  return x === y ? (a.id < b.id ? -1 : 1) : x < y ? -1 : 1;
}

/** A project's sprints, in the order they were created (ties by id), with their derived state. */
export function readSprints(doc: Y.Doc, projectId: string): Sprint[] {
  const raw: RawSprint[] = [];
  const sprints = sprintsMap(doc) as Y.Map<unknown>;
  sprints.forEach((_, sid) => {
    const map = getYMap(sprints, sid);
    const s = map && readRaw(sid, map);
    if (s && s.projectId === projectId) raw.push(s);
  });
  const started = raw.filter((s) => s.start && !s.completion).sort(compareStarts);
  const active = started[0]?.id;
  return raw
    .map((s) => ({
      ...s,
      state: s.completion ? 'closed' : s.id === active ? 'active' : 'planned',
      startLost: !s.completion && s.start !== null && s.id !== active,
    }))
    .sort((a, b) =>
      a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1,
    ) as Sprint[];
}

export function readSprint(doc: Y.Doc, sprintId: string): Sprint | undefined {
  const map = getYMap(sprintsMap(doc) as Y.Map<unknown>, sprintId);
  const projectId = map?.get('projectId');
  if (typeof projectId !== 'string') return undefined;
  return readSprints(doc, projectId).find((s) => s.id === sprintId);
}

/**
 * Where a task is planned, after the completion rule (M22): its own sprint while that is open;
 * a completed sprint keeps it only if the completion counted it done, otherwise it follows
 * where that completion sent open tasks, on to the backlog (null). Unknown or foreign sprints
 * mean the backlog.
 */
export function effectiveSprintId(
  task: Pick<Task, 'id' | 'projectId' | 'sprintId'> & { columnId?: string },
  sprints: ReadonlyMap<string, Sprint>,
  /** With the project's done column: a task done in a closed sprint and reopened since is in none. */
  doneColumnId?: string | null,
): string | null {
  let current = task.sprintId;
  for (let hops = 0; current !== null && hops <= sprints.size; hops++) {
    const sprint = sprints.get(current);
    if (!sprint || sprint.projectId !== task.projectId) return null;
    if (!sprint.completion) return sprint.id;
    if (doneIn(sprint).has(task.id)) {
      return doneColumnId === undefined || task.columnId === doneColumnId ? sprint.id : null;
    }
    current = sprint.completion.openTo;
  }
  return null;
}

const doneSets = new WeakMap<SprintCompletion, Set<string>>();

/** A completion's done tasks as a set, made once per read completion (readers call this per task). */
function doneIn(sprint: Sprint): Set<string> {
  const completion = sprint.completion as SprintCompletion;
  let set = doneSets.get(completion);
  if (!set) {
    set = new Set(completion.doneTaskIds);
    doneSets.set(completion, set);
  }
  return set;
}
