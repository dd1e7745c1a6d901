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
import { readTask } from './board.ts';
import { actorOf, type Editor, getYMap, newId, nowIso, sprintsMap, write } from './doc.ts';
import { ModelError } from './errors.ts';
import { planContext, planList, planListHead } from './plan.ts';
import { rankAt } from './rank.ts';
import { readProject, yTask } from './read.ts';
import { LIMITS, nameSchema, type Task } from './schema.ts';
import {
  readSprint,
  readSprints,
  type Sprint,
  type SprintCompletion,
  type SprintStart,
} from './sprint-read.ts';
import { taskIndex } from './task-index.ts';

export * from './plan.ts';
export * from './sprint-read.ts';

const isoDay = z.iso.date();

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
    const ctx = planContext(doc, sprint.projectId);
    const other = ctx.sprints.find((s) => s.state === 'active');
    if (other) throw new ModelError('conflict', `Sprint ${other.name} is active; complete it first.`);
    // The sprint's tasks from the task index: starting costs the sprint, not the workspace.
    const tasks: Task[] = [];
    for (const { id: taskId } of planList(doc, sprint.projectId, sprintId, ctx)) {
      const task = readTask(doc, taskId);
      if (task) tasks.push(task);
    }
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
    const ctx = planContext(doc, sprint.projectId);
    if (moveOpenTo !== null) {
      const target = ctx.sprints.find((s) => s.id === moveOpenTo);
      if (!target)
        throw new ModelError('not_found', 'The sprint to move open tasks to does not exist in this project.');
      if (target.id === sprintId || target.state === 'closed') {
        throw new ModelError('conflict', 'Open tasks can move only to another sprint that is not completed.');
      }
    }
    // The sprint's tasks from the task index, each with its column as shown (SPEC M6).
    const index = taskIndex(doc);
    const done: string[] = [];
    const open: string[] = [];
    for (const { id: taskId } of planList(doc, sprint.projectId, sprintId, ctx)) {
      const col = index.task(taskId)?.col ?? '';
      const columnId = ctx.liveColumnIds.has(col) ? col : ctx.firstColumnId;
      (columnId === ctx.doneColumnId ? done : open).push(taskId);
    }
    const completion: SprintCompletion = {
      at: nowIso(editor),
      by: actorOf(editor),
      openTo: moveOpenTo,
      doneTaskIds: done,
      openTaskIds: open,
    };
    map.set('completion', completion);
    for (const s of ctx.sprints) {
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
    const ctx = planContext(doc, projectId);
    if (to.sprintId !== null) checkSprintTakesTasks(ctx.sprints, to.sprintId);
    // The list's start up to the place asked (or its last task), from the task index: planning
    // costs the part of the list it passes, not the workspace.
    const at = Math.max(0, to.index);
    const rank = rankAt(planListHead(doc, projectId, to.sprintId, at, taskId, ctx), at);
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
