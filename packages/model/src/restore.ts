/**
 * Restore as a new edit: make the workspace, a project or chosen tasks look as they did in a past
 * state of the document, by writing the past values now, as one ordinary transaction.
 *
 * Only what differs is written, field by field. That is what keeps other people's work: a client
 * that was offline and edited a title the restore did not need to change merges its edit on top,
 * and the restore itself is in history and can be undone like any edit. Nothing is deleted:
 * records created after the past moment are archived.
 */
import type * as Y from 'yjs';
import { readTask } from './board.ts';
import {
  actorOf,
  columnsMap,
  type Editor,
  getYMap,
  newId,
  nowIso,
  nowMs,
  projectsMap,
  tasksMap,
  write,
} from './doc.ts';
import { writePlacement } from './placement.ts';
import { readColumnAt, readProjectAt } from './read.ts';
import { EDITABLE_TASK_FIELDS as TASK_FIELDS } from './schema.ts';

export type RestoreScope = {
  /** Only this project: its name, columns and tasks. */
  projectId?: string | undefined;
  /** Only these tasks (wins over projectId). */
  taskIds?: readonly string[] | undefined;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** One record's writes, applied only when the restore is for real. */
type Plan = (() => void)[];

function planTask(doc: Y.Doc, editor: Editor, past: Y.Doc, id: string): Plan {
  const map = getYMap(tasksMap(doc) as Y.Map<unknown>, id);
  const now = readTask(doc, id);
  if (!map || !now) return [];
  const then = readTask(past, id);
  const plan: Plan = [];
  if (!then) {
    // Created after the moment: it did not exist, so it leaves the board (archived, never deleted).
    if (now.archivedAt === null) plan.push(() => map.set('archivedAt', nowIso(editor)));
  } else {
    for (const f of TASK_FIELDS) if (!same(now[f], then[f])) plan.push(() => map.set(f, then[f] as unknown));
    if ((now.archivedAt === null) !== (then.archivedAt === null))
      plan.push(() => map.set('archivedAt', then.archivedAt === null ? null : nowIso(editor)));
    if (now.columnId !== then.columnId || now.rank !== then.rank)
      plan.push(() => {
        writePlacement(doc, map, {
          col: then.columnId,
          rank: then.rank,
          by: actorOf(editor),
          moveId: newId(),
          now: nowMs(editor),
        });
      });
  }
  if (plan.length > 0)
    plan.push(() => {
      map.set('updatedBy', actorOf(editor));
      map.set('updatedAt', nowIso(editor));
    });
  return plan;
}

/** Projects and columns: a name, a rank (columns) and whether archived. */
function planRecord(kind: 'project' | 'column', doc: Y.Doc, editor: Editor, past: Y.Doc, id: string): Plan {
  const root = (kind === 'project' ? projectsMap : columnsMap) as (d: Y.Doc) => Y.Map<unknown>;
  const read = kind === 'project' ? readProjectAt : readColumnAt;
  const map = getYMap(root(doc), id);
  const now = map && read(id, map);
  if (!map || !now) return [];
  const pastMap = getYMap(root(past), id);
  const then = pastMap && read(id, pastMap);
  if (!then) return now.archivedAt === null ? [() => map.set('archivedAt', nowIso(editor))] : [];
  const plan: Plan = [];
  if (now.name !== then.name) plan.push(() => map.set('name', then.name));
  if ('rank' in now && 'rank' in then && now.rank !== then.rank) plan.push(() => map.set('rank', then.rank));
  if ((now.archivedAt === null) !== (then.archivedAt === null))
    plan.push(() => map.set('archivedAt', then.archivedAt === null ? null : nowIso(editor)));
  return plan;
}

function projectOf(root: Y.Map<unknown>, id: string): unknown {
  return getYMap(root, id)?.get('projectId');
}

/**
 * Writes, as one transaction by `editor`, whatever `scope` needs to look as it does in `past`;
 * returns how many records (projects, columns, tasks) change. With `dryRun` nothing is written:
 * the count is what a confirmation shows.
 */
export function restoreFrom(
  doc: Y.Doc,
  editor: Editor,
  past: Y.Doc,
  scope: RestoreScope = {},
  options: { dryRun?: boolean } = {},
): number {
  const inProject = (root: (d: Y.Doc) => Y.Map<unknown>, id: string) =>
    scope.projectId === undefined ||
    projectOf(root(doc), id) === scope.projectId ||
    projectOf(root(past), id) === scope.projectId;
  const ids = (root: (d: Y.Doc) => Y.Map<unknown>) =>
    [...new Set([...root(doc).keys(), ...root(past).keys()])].sort();
  const tasks = tasksMap as (d: Y.Doc) => Y.Map<unknown>;
  const columns = columnsMap as (d: Y.Doc) => Y.Map<unknown>;
  const projects = projectsMap as (d: Y.Doc) => Y.Map<unknown>;

  const plans: Plan[] = [];
  if (scope.taskIds !== undefined) {
    for (const id of new Set(scope.taskIds)) plans.push(planTask(doc, editor, past, id));
  } else {
    // Projects and columns first: a task can only be placed in a column that is live again.
    for (const id of ids(projects))
      if (scope.projectId === undefined || id === scope.projectId)
        plans.push(planRecord('project', doc, editor, past, id));
    for (const id of ids(columns))
      if (inProject(columns, id)) plans.push(planRecord('column', doc, editor, past, id));
    for (const id of ids(tasks)) if (inProject(tasks, id)) plans.push(planTask(doc, editor, past, id));
  }
  const changing = plans.filter((p) => p.length > 0);
  if (!options.dryRun && changing.length > 0)
    write(doc, editor, () => {
      for (const plan of changing) for (const step of plan) step();
    });
  return changing.length;
}
