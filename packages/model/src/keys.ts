/**
 * Task keys, `WEB-12` (SPEC M21). A number is given once, by the server, to each task it has not
 * numbered yet, in the order the tasks reach it; nobody else ever writes one (the update guard
 * refuses it, M17), so numbers are unique per project and a number, once written, never changes.
 * A task created offline is fully usable at once and shows a provisional key until then.
 *
 * A project's key can be renamed; the old one stays on the project as an `alias:<KEY>` flat key
 * (never a list, so two concurrent renames both keep theirs) and keeps resolving.
 */
import type * as Y from 'yjs';
import { type Editor, getYMap, projectsMap, tasksMap, write } from './doc.ts';
import { ModelError } from './errors.ts';
import { readProjectAt } from './read.ts';
import { type Project, projectKeySchema, storedTaskFields } from './schema.ts';
import { countTaskWalk, taskIndex } from './task-index.ts';

const ALIAS_PREFIX = 'alias:';
const KEY_PATTERN = /^([A-Za-z][A-Za-z0-9]{0,9})-(\d{1,15})$/;

export type TaskKey = {
  /** `WEB-12`, or `WEB-·a1b2` while provisional. */
  text: string;
  /** True once the server has numbered the task: the key never changes again. */
  final: boolean;
};

/** The key people see for a task of a project with key `projectKey`. */
export function taskKey(projectKey: string, task: { id: string; number: number | null }): TaskKey {
  if (task.number !== null) return { text: `${projectKey}-${task.number}`, final: true };
  return { text: `${projectKey}-·${task.id.replace(/[^a-zA-Z0-9]/g, '').slice(0, 4)}`, final: false };
}

/** Whether a string looks like a task key (`web-12` counts: keys resolve case-insensitively). */
export function isTaskKey(text: string): boolean {
  return KEY_PATTERN.test(text.trim());
}

function numberOf(map: Y.Map<unknown>): number | null {
  const parsed = storedTaskFields.number.safeParse(map.get('number'));
  return parsed.success ? parsed.data : null;
}

/** The old keys of a project, from its `alias:` flat keys (sorted; never its current key). */
export function projectAliases(doc: Y.Doc, projectId: string): string[] {
  const map = getYMap(projectsMap(doc) as Y.Map<unknown>, projectId);
  if (!map) return [];
  const current = map.get('key');
  const out: string[] = [];
  for (const [k, v] of map.entries()) {
    const key = k.slice(ALIAS_PREFIX.length);
    if (k.startsWith(ALIAS_PREFIX) && v === true && key !== current) out.push(key);
  }
  return out.sort();
}

/**
 * The project a key prefix names: the earliest-created project whose current key it is, else the
 * earliest whose old key it was (renaming never breaks a link, as in Jira).
 */
export function projectOfKey(doc: Y.Doc, projectKey: string): Project | undefined {
  const wanted = projectKey.toUpperCase();
  const current: Project[] = [];
  const former: Project[] = [];
  const projects = projectsMap(doc) as Y.Map<unknown>;
  projects.forEach((_, id) => {
    const map = getYMap(projects, id);
    const p = map && readProjectAt(id, map);
    if (!p || !map) return;
    if (p.key === wanted) current.push(p);
    else if (map.get(`${ALIAS_PREFIX}${wanted}`) === true) former.push(p);
  });
  const byAge = (a: Project, b: Project) =>
    a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1;
  return current.sort(byAge)[0] ?? former.sort(byAge)[0];
}

/** The id of the task a key (`WEB-12`, current or old project key) names, or undefined. */
export function resolveTaskKey(doc: Y.Doc, key: string): string | undefined {
  const m = KEY_PATTERN.exec(key.trim());
  if (!m?.[1] || !m[2]) return undefined;
  const project = projectOfKey(doc, m[1]);
  if (!project) return undefined;
  // The task index keeps (project, number) → task: a key in a URL costs a lookup, not a walk.
  return taskIndex(doc).numbered(project.id, Number(m[2]));
}

/**
 * Renames a project's key; the old key keeps resolving. A key another project holds (now or as an
 * old key) is refused, so a key never names two projects through this operation. The new key is
 * recorded as an alias too: if someone renames the project concurrently and their key wins, the
 * key this replica showed meanwhile keeps resolving as well.
 */
export function setProjectKey(doc: Y.Doc, editor: Editor, projectId: string, key: string): void {
  const parsed = projectKeySchema.safeParse(key);
  if (!parsed.success) throw new ModelError('invalid_input', parsed.error.issues[0]?.message ?? 'bad key');
  const next = parsed.data;
  write(doc, editor, () => {
    const map = getYMap(projectsMap(doc) as Y.Map<unknown>, projectId);
    const project = map && readProjectAt(projectId, map);
    if (!map || !project) throw new ModelError('not_found', 'That project does not exist.');
    if (project.key === next) return;
    const holder = projectOfKey(doc, next);
    if (holder && holder.id !== projectId) {
      throw new ModelError('conflict', `The key ${next} is already used by project ${holder.name}.`);
    }
    map.set(`${ALIAS_PREFIX}${project.key}`, true);
    map.set(`${ALIAS_PREFIX}${next}`, true);
    map.set('key', next);
  });
}

/**
 * Where numbers come from: given a project, its tasks to number (in (createdAt, id) order) and the
 * project's last number as this replica knows it, one new number per task, in that order. Numbers
 * must be unique per project and never given twice; the same task asked again may get its number
 * again (several server processes numbering one task all write the same number).
 */
export type NumberAllocator = (projectId: string, taskIds: readonly string[], lastKnown: number) => number[];

/** One server process: the project's counter in the document, plus one per task (max + 1). */
export const countInDocument: NumberAllocator = (_projectId, taskIds, lastKnown) =>
  taskIds.map((_, i) => lastKnown + i + 1);

/**
 * Numbers the given tasks (or every task) that have no number yet: per project, in (createdAt, id)
 * order, after the project's last number (or as `allocate` says: the server's database, when
 * several processes number one document). Only the server calls this (M21). Returns how many it numbered.
 */
export function numberTasks(
  doc: Y.Doc,
  editor: Editor,
  taskIds?: Iterable<string>,
  allocate: NumberAllocator = countInDocument,
): number {
  const tasks = tasksMap(doc) as Y.Map<unknown>;
  if (!taskIds) countTaskWalk(doc);
  const ids = taskIds ? [...taskIds] : [...tasks.keys()];
  const byProject = new Map<string, { id: string; createdAt: string; map: Y.Map<unknown> }[]>();
  for (const id of ids) {
    const map = getYMap(tasks, id);
    if (!map || numberOf(map) !== null) continue;
    const projectId = map.get('projectId');
    if (typeof projectId !== 'string') continue;
    const createdAt = String(map.get('createdAt') ?? '');
    const list = byProject.get(projectId) ?? [];
    list.push({ id, createdAt, map });
    byProject.set(projectId, list);
  }
  if (byProject.size === 0) return 0;
  let numbered = 0;
  write(doc, editor, () => {
    for (const [projectId, list] of byProject) {
      const project = getYMap(projectsMap(doc) as Y.Map<unknown>, projectId);
      if (!project) continue;
      let last = lastNumber(doc, projectId, project);
      list.sort((a, b) =>
        a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1,
      );
      const numbers = allocate(
        projectId,
        list.map((t) => t.id),
        last,
      );
      list.forEach((t, i) => {
        const n = numbers[i];
        if (n === undefined) return;
        t.map.set('number', n);
        numbered += 1;
        if (n > last) last = n;
      });
      if (project.get('lastNumber') !== last) project.set('lastNumber', last);
    }
  });
  return numbered;
}

/** The project's counter; a project from before keys existed counts its tasks' numbers once. */
function lastNumber(doc: Y.Doc, projectId: string, project: Y.Map<unknown>): number {
  const stored = storedTaskFields.number.safeParse(project.get('lastNumber'));
  let max = stored.success ? stored.data : 0;
  if (stored.success) return max;
  countTaskWalk(doc);
  const tasks = tasksMap(doc) as Y.Map<unknown>;
  tasks.forEach((_, id) => {
    const map = getYMap(tasks, id);
    const n = map && map.get('projectId') === projectId ? numberOf(map) : null;
    if (n !== null && n > max) max = n;
  });
  return max;
}

export type NumberNewTasksOptions = {
  allocate?: NumberAllocator;
  skip?: (origin: unknown) => boolean;
};

/**
 * Numbers every task added to the document from now on, in a transaction of its own once the
 * transactions that added them have finished and emitted their updates (`transact` wraps the
 * write in the caller's origin). Not inside the observer: Yjs encodes a transaction's update from
 * its start state to the store's end when it emits it, after observers ran, so a write made in an
 * observer would also ride in the adder's update, attributed to them. Returns the function that stops it.
 *
 * A task can arrive before its project: Yjs integrates a task entry without the project entry it
 * names (nothing in the task's structs depends on the project's), as when a second tab got the
 * project from the first over BroadcastChannel and its provider sent the task first. Such a task
 * waits, and is numbered when its project arrives.
 *
 * `skip` names transactions whose tasks this replica must not number: with several server
 * processes, only the one that appended the task-adding update numbers it; the copies that reach
 * the others (their `cluster` origin) are left alone, or each process would number every task.
 */
export function numberNewTasks(
  doc: Y.Doc,
  editor: Editor,
  transact: (fn: () => void) => void,
  options: NumberNewTasksOptions = {},
): () => void {
  const tasks = tasksMap(doc);
  const projects = projectsMap(doc);
  const pending = new Set<string>();
  const allocate = options.allocate ?? countInDocument;
  const skip = options.skip ?? (() => false);
  const onTasks = (event: Y.YMapEvent<Y.Map<unknown>>) => {
    if (skip(event.transaction.origin)) return;
    event.changes.keys.forEach((change, key) => {
      if (change.action === 'add') pending.add(key);
    });
  };
  const onProjects = (event: Y.YMapEvent<Y.Map<unknown>>) => {
    if (skip(event.transaction.origin)) return;
    const arrived = new Set<string>();
    event.changes.keys.forEach((change, key) => {
      if (change.action === 'add') arrived.add(key);
    });
    if (arrived.size === 0) return;
    // The arrived projects' tasks, from the task index: a project created over sync costs its
    // own tasks (none, mostly), not a walk over the workspace.
    const index = taskIndex(doc);
    for (const projectId of arrived) {
      for (const { id } of index.planOrder(projectId)) if (index.task(id)?.number === null) pending.add(id);
    }
  };
  const afterAll = () => {
    if (pending.size === 0) return;
    const added = [...pending];
    pending.clear();
    transact(() => numberTasks(doc, editor, added, allocate));
  };
  tasks.observe(onTasks);
  projects.observe(onProjects);
  doc.on('afterAllTransactions', afterAll);
  return () => {
    tasks.unobserve(onTasks);
    projects.unobserve(onProjects);
    doc.off('afterAllTransactions', afterAll);
  };
}
