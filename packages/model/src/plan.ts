/**
 * A project's planning (SPEC M22): the backlog and each open sprint's tasks, in plan order.
 * `readPlan` reads the whole project (the backlog page of the web app shows it all); the
 * operations that need one list (plan a task, start or complete a sprint) read it from the task
 * index instead (`planList`): the sprint's tasks, or the backlog up to the place asked, not the
 * workspace (issue 13). Both apply one rule, `listOf`, and a randomized test holds them equal.
 */
import type * as Y from 'yjs';
import { readProjectTasks } from './board.ts';
import { compareRanked, type Ranked } from './rank.ts';
import { mergeRanked, mergeRankedReversed } from './ranked-list.ts';
import { liveColumns, readColumns } from './read.ts';
import type { Task } from './schema.ts';
import { effectiveSprintId, readSprints, type Sprint } from './sprint-read.ts';
import { taskIndex } from './task-index.ts';
import { timeSpentByTask } from './worklogs.ts';

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

/** What placing a project's tasks in its plan needs, read once per operation. */
export type PlanContext = {
  sprints: Sprint[];
  byId: ReadonlyMap<string, Sprint>;
  /** The sprints not completed: each has a list. */
  open: ReadonlySet<string>;
  liveColumnIds: ReadonlySet<string>;
  /** Where a task placed in a dead column shows (SPEC M6). */
  firstColumnId: string;
  /** The column that means done: the project's last live column. */
  doneColumnId: string | null;
};

export function planContext(doc: Y.Doc, projectId: string): PlanContext {
  const sprints = readSprints(doc, projectId);
  const live = liveColumns(readColumns(doc, projectId));
  return {
    sprints,
    byId: new Map(sprints.map((s) => [s.id, s])),
    open: new Set(sprints.filter((s) => s.state !== 'closed').map((s) => s.id)),
    liveColumnIds: new Set(live.map((c) => c.id)),
    firstColumnId: live[0]?.id ?? '',
    doneColumnId: live.at(-1)?.id ?? null,
  };
}

/**
 * The list a live task is in: an open sprint's id, null for the backlog, undefined for none (done
 * in a sprint since completed: history). Reopened since, it is back in the backlog.
 */
export function listOf(
  task: Pick<Task, 'id' | 'projectId' | 'sprintId' | 'columnId'>,
  ctx: PlanContext,
): string | null | undefined {
  const where = effectiveSprintId(task, ctx.byId);
  if (where === null || ctx.open.has(where)) return where;
  return task.columnId !== ctx.doneColumnId ? null : undefined;
}

/**
 * Whether a task naming sprint `named` (as written) can be in list `target`: a task naming an
 * open sprint is in it; one naming a completed sprint follows where completions sent open tasks
 * (or, done there and reopened, goes to the backlog); one naming no sprint of the project is in
 * the backlog.
 */
function mayHold(named: string | null, target: string | null, ctx: PlanContext): boolean {
  if (named === target) return true;
  if (named !== null && ctx.open.has(named)) return false;
  if (target === null) return true;
  let current: string | null = named;
  for (let hops = 0; current !== null && hops <= ctx.byId.size; hops++) {
    const sprint = ctx.byId.get(current);
    if (!sprint) return false;
    if (!sprint.completion) return current === target;
    current = sprint.completion.openTo;
  }
  return false;
}

/**
 * The tasks of list `target` (an open sprint's id, or null: the backlog) as readPlan lists them,
 * in plan order ((plan rank as read, id); backwards with `reverse`), lazily, from the task index
 * (read the items before changing the document):
 * it reads the tasks naming a sprint that can lead to the list (the sprint itself, or for the
 * backlog the tasks in no open sprint), never the workspace.
 */
export function* planList(
  doc: Y.Doc,
  projectId: string,
  target: string | null,
  ctx: PlanContext = planContext(doc, projectId),
  reverse = false,
): Generator<Ranked> {
  const index = taskIndex(doc);
  const lists: (readonly Ranked[])[] = [];
  for (const [named, list] of index.planned(projectId)) if (mayHold(named, target, ctx)) lists.push(list);
  const tasks = index.tasks();
  for (const r of (reverse ? mergeRankedReversed : mergeRanked)(lists)) {
    const t = tasks.get(r.id);
    if (!t) continue;
    const columnId = ctx.liveColumnIds.has(t.col) ? t.col : ctx.firstColumnId;
    if (listOf({ id: r.id, projectId, sprintId: t.sprintId, columnId }, ctx) === target) yield r;
  }
}

/** How many tasks name a sprint that can lead to list `target`: at least as many as the list holds. */
function planListBound(doc: Y.Doc, projectId: string, target: string | null, ctx: PlanContext): number {
  let n = 0;
  for (const [named, list] of taskIndex(doc).planned(projectId))
    if (mayHold(named, target, ctx)) n += list.length;
  return n;
}

/**
 * What `rankAt(list, at)` needs of list `target` without the task `exceptId`: its start up to
 * position `at` and the first task ranked above the one before `at` (rankAt steps past equal
 * ranks); or, when `at` is past every task that could be in it, only its last task.
 */
export function planListHead(
  doc: Y.Doc,
  projectId: string,
  target: string | null,
  at: number,
  exceptId: string,
  ctx: PlanContext,
): Ranked[] {
  if (at >= planListBound(doc, projectId, target, ctx)) {
    for (const r of planList(doc, projectId, target, ctx, true)) if (r.id !== exceptId) return [r];
    return [];
  }
  const out: Ranked[] = [];
  for (const r of planList(doc, projectId, target, ctx)) {
    if (r.id === exceptId) continue;
    out.push(r);
    if (out.length > at && (at === 0 || r.rank > (out[at - 1] as Ranked).rank)) break;
  }
  return out;
}
