/**
 * Sprints and the backlog (SPEC M22). A sprint is a record in the `sprints` map; a task names the
 * sprint it was planned into in its own `sprintId` field (one value, so a task is never in two
 * sprints). Starting and completing are each one atomic value on the sprint (`start`,
 * `completion`), so two people acting at once end with one whole outcome, never a mix.
 *
 * Where a task really is follows from those values on every replica alike (`effectiveSprintId`):
 * a task that names a completed sprint stays there only if the completion counted it done;
 * otherwise it is where that completion sent the open tasks (the next sprint, or the backlog).
 * So a task added offline to a sprint someone completed meanwhile is never orphaned in it.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { readProjectTasks } from './board.ts';
import { actorOf, type Editor, getYMap, newId, nowIso, sprintsMap, write } from './doc.ts';
import { ModelError } from './errors.ts';
import { compareRanked, rankAt } from './rank.ts';
import { liveColumns, readColumns, readProject, yTask } from './read.ts';
import { LIMITS, nameSchema, type Task } from './schema.ts';
import { taskIndex } from './task-index.ts';
import { timeSpentByTask } from './worklogs.ts';

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

export const sprintInputSchema = z
  .object({
    name: nameSchema,
    goal: z.string().max(LIMITS.goal),
    startDate: isoDay.nullable(),
    endDate: isoDay.nullable(),
  })
  .partial();
export type SprintInput = z.input<typeof sprintInputSchema>;

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.length ? `${first.path.map(String).join('.')}: ` : '';
    throw new ModelError('invalid_input', `${where}${first?.message ?? 'invalid input'}`);
  }
  return parsed.data;
}

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

export type PlannedTask = Task & { effectiveSprintId: string | null; timeSpentSeconds: number };

/** A project's planning: sprints, and every live task with where it is planned, in plan order. */
export type Plan = {
  sprints: Sprint[];
  /**
   * Live tasks in no open sprint, by (planRank, id); a task completed in a closed sprint is not
   * here unless it was reopened (is no longer in the done column).
   */
  backlog: PlannedTask[];
  /** Live tasks per open sprint id, by (planRank, id). */
  bySprint: Map<string, PlannedTask[]>;
  /** The column that means done: the project's last live column. */
  doneColumnId: string | null;
};

function byPlan(a: Task, b: Task): number {
  return compareRanked({ id: a.id, rank: a.planRank }, { id: b.id, rank: b.planRank });
}

export function readPlan(doc: Y.Doc, projectId: string): Plan {
  const sprints = readSprints(doc, projectId);
  const index = new Map(sprints.map((s) => [s.id, s]));
  const spent = timeSpentByTask(doc);
  const backlog: PlannedTask[] = [];
  const bySprint = new Map<string, PlannedTask[]>();
  for (const s of sprints) if (s.state !== 'closed') bySprint.set(s.id, []);
  const live = liveColumns(readColumns(doc, projectId));
  const doneColumnId = live[live.length - 1]?.id ?? null;
  for (const task of readProjectTasks(doc, projectId)) {
    if (task.archivedAt !== null) continue;
    const where = effectiveSprintId(task, index);
    const planned = { ...task, effectiveSprintId: where, timeSpentSeconds: spent.get(task.id) ?? 0 };
    const list = where === null ? backlog : bySprint.get(where);
    if (list) list.push(planned);
    // Done in a sprint since completed: history, shown in no list. Reopened since: back to
    // planning, in the backlog like any other (so its effective sprint reads null there too).
    else if (task.columnId !== doneColumnId) backlog.push({ ...planned, effectiveSprintId: null });
  }
  backlog.sort(byPlan);
  for (const list of bySprint.values()) list.sort(byPlan);
  return { sprints, backlog, bySprint, doneColumnId };
}

/** What a task counts for in a sprint: story points or hours of original estimate. */
export function taskWeight(
  task: Pick<Task, 'estimate' | 'originalEstimateSeconds'>,
  unit: 'points' | 'hours',
): number {
  return unit === 'points' ? (task.estimate ?? 0) : (task.originalEstimateSeconds ?? 0) / 3600;
}

function requireSprint(doc: Y.Doc, sprintId: string): { map: Y.Map<unknown>; sprint: Sprint } {
  const map = getYMap(sprintsMap(doc) as Y.Map<unknown>, sprintId);
  const sprint = map && readSprint(doc, sprintId);
  if (!map || !sprint) throw new ModelError('not_found', 'That sprint does not exist.');
  return { map, sprint };
}

export function createSprint(
  doc: Y.Doc,
  editor: Editor,
  input: SprintInput & { projectId: string; id?: string },
): string {
  const fields = parse(sprintInputSchema, {
    name: input.name,
    goal: input.goal,
    startDate: input.startDate,
    endDate: input.endDate,
  });
  checkDates(fields.startDate ?? null, fields.endDate ?? null);
  const sid = input.id ?? newId();
  write(doc, editor, () => {
    const project = readProject(doc, input.projectId);
    if (!project) throw new ModelError('not_found', 'That project does not exist.');
    if (sprintsMap(doc).has(sid)) throw new ModelError('invalid_input', `Sprint ${sid} already exists.`);
    const count = readSprints(doc, input.projectId).length;
    const map = new Y.Map<unknown>();
    map.set('projectId', input.projectId);
    map.set('name', fields.name ?? `${project.key} Sprint ${count + 1}`);
    map.set('goal', fields.goal ?? '');
    map.set('startDate', fields.startDate ?? null);
    map.set('endDate', fields.endDate ?? null);
    map.set('createdBy', actorOf(editor));
    map.set('createdAt', nowIso(editor));
    map.set('start', null);
    map.set('completion', null);
    sprintsMap(doc).set(sid, map);
  });
  return sid;
}

export function updateSprint(doc: Y.Doc, editor: Editor, sprintId: string, patch: SprintInput): void {
  const fields = parse(sprintInputSchema.strict(), patch);
  write(doc, editor, () => {
    const { map, sprint } = requireSprint(doc, sprintId);
    if (sprint.state === 'closed') throw new ModelError('conflict', 'That sprint is completed.');
    checkDates(
      fields.startDate === undefined ? sprint.startDate : fields.startDate,
      fields.endDate === undefined ? sprint.endDate : fields.endDate,
    );
    for (const [k, v] of Object.entries(fields)) {
      if (v !== undefined && map.get(k) !== v) map.set(k, v);
    }
  });
}

/** A sprint ends on or after the day it starts (ISO days compare as text). */
function checkDates(startDate: string | null, endDate: string | null): void {
  if (startDate !== null && endDate !== null && endDate < startDate) {
    throw new ModelError('invalid_input', 'A sprint ends on or after the day it starts.');
  }
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Starts a planned sprint of a Scrum project: records what it committed (tasks and their sum in
 * the project's unit) for reports. One sprint per project is active; a second start is refused
 * here and, made concurrently offline, loses to the earlier start (M22).
 */
export function startSprint(doc: Y.Doc, editor: Editor, sprintId: string): Sprint {
  return write(doc, editor, () => {
    const { map, sprint } = requireSprint(doc, sprintId);
    const project = readProject(doc, sprint.projectId);
    if (!project) throw new ModelError('not_found', 'That project does not exist.');
    if (project.mode !== 'scrum') {
      throw new ModelError(
        'conflict',
        'Sprints start only in Scrum projects; switch the project to Scrum first.',
      );
    }
    if (sprint.state === 'closed') throw new ModelError('conflict', 'That sprint is already completed.');
    if (sprint.state === 'active') throw new ModelError('conflict', 'That sprint is already active.');
    const plan = readPlan(doc, sprint.projectId);
    const other = plan.sprints.find((s) => s.state === 'active');
    if (other) throw new ModelError('conflict', `Sprint ${other.name} is active; complete it first.`);
    const tasks = plan.bySprint.get(sprintId) ?? [];
    const at = nowIso(editor);
    const start: SprintStart = {
      at,
      by: actorOf(editor),
      taskIds: tasks.map((t) => t.id),
      committed: tasks.reduce((sum, t) => sum + taskWeight(t, project.estimationUnit), 0),
      unit: project.estimationUnit,
    };
    map.set('start', start);
    if (sprint.startDate === null) map.set('startDate', at.slice(0, 10));
    if (sprint.endDate === null) map.set('endDate', addDays(at.slice(0, 10), 14));
    return readSprint(doc, sprintId) as Sprint;
  });
}

export type CompleteResult = { completed: number; moved: number };

/**
 * Completes the active sprint: tasks in the done column stay in it, open ones go to `moveOpenTo`
 * (another open sprint of the project) or the backlog (null). One atomic value records it all,
 * so the tasks themselves are not rewritten (M22). Starts that lost to this sprint are cleared,
 * so they do not become active by themselves.
 */
export function completeSprint(
  doc: Y.Doc,
  editor: Editor,
  sprintId: string,
  moveOpenTo: string | null,
): CompleteResult {
  return write(doc, editor, () => {
    const { map, sprint } = requireSprint(doc, sprintId);
    if (sprint.state === 'closed') throw new ModelError('conflict', 'That sprint is already completed.');
    if (sprint.state !== 'active')
      throw new ModelError('conflict', 'Only an active sprint can be completed; start it first.');
    const plan = readPlan(doc, sprint.projectId);
    if (moveOpenTo !== null) {
      const target = plan.sprints.find((s) => s.id === moveOpenTo);
      if (!target)
        throw new ModelError('not_found', 'The sprint to move open tasks to does not exist in this project.');
      if (target.id === sprintId || target.state === 'closed') {
        throw new ModelError('conflict', 'Open tasks can move only to another sprint that is not completed.');
      }
    }
    const tasks = plan.bySprint.get(sprintId) ?? [];
    const done = tasks.filter((t) => t.columnId === plan.doneColumnId).map((t) => t.id);
    const open = tasks.filter((t) => t.columnId !== plan.doneColumnId).map((t) => t.id);
    const completion: SprintCompletion = {
      at: nowIso(editor),
      by: actorOf(editor),
      openTo: moveOpenTo,
      doneTaskIds: done,
      openTaskIds: open,
    };
    map.set('completion', completion);
    for (const s of plan.sprints) {
      if (s.startLost) getYMap(sprintsMap(doc) as Y.Map<unknown>, s.id)?.set('start', null);
    }
    return { completed: done.length, moved: open.length };
  });
}

/**
 * Plans a task: into a sprint (or the backlog, null) at `index` of that list. Writes the task's
 * `sprintId` only if it changes, and its `planRank`; a completed sprint cannot take tasks.
 */
export function planTask(
  doc: Y.Doc,
  editor: Editor,
  taskId: string,
  to: { sprintId: string | null; index: number },
): void {
  write(doc, editor, () => {
    const task = yTask(doc, taskId);
    const projectId = task?.get('projectId');
    if (!task || typeof projectId !== 'string')
      throw new ModelError('not_found', 'That task does not exist.');
    const plan = readPlan(doc, projectId);
    if (to.sprintId !== null) checkSprintTakesTasks(plan.sprints, to.sprintId);
    const list = (to.sprintId === null ? plan.backlog : (plan.bySprint.get(to.sprintId) ?? [])).filter(
      (t) => t.id !== taskId,
    );
    const rank = rankAt(
      list.map((t) => ({ id: t.id, rank: t.planRank })),
      to.index,
    );
    if ((task.get('sprintId') ?? null) !== to.sprintId) task.set('sprintId', to.sprintId);
    task.set('planRank', rank);
    task.set('updatedBy', actorOf(editor));
    task.set('updatedAt', nowIso(editor));
  });
}

/** A task may be planned into a sprint of its own project that is not completed. */
export function checkSprintTakesTasks(sprints: readonly Sprint[], sprintId: string): void {
  const sprint = sprints.find((s) => s.id === sprintId);
  if (!sprint) throw new ModelError('not_found', 'That sprint does not exist in this project.');
  if (sprint.state === 'closed')
    throw new ModelError('conflict', 'That sprint is completed; plan into another one.');
}

/** A key after every plan rank of the project: new tasks go to the bottom of the backlog. */
export function lastPlanRank(doc: Y.Doc, projectId: string): string | null {
  return taskIndex(doc).lastPlanRank(projectId);
}
