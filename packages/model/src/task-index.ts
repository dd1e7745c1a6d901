/**
 * Where every task sits, kept up to date as the document changes, so the reads each edit needs (a
 * column's order to place a card, a project's last plan rank to append to the backlog, a sprint's
 * tasks to start or complete it, the task a key names) cost what the column, sprint or change
 * costs, not a walk over the whole workspace (issue 13). One index per document, built on first
 * use by one walk, then refreshed per changed task.
 *
 * What changed is followed by touched-entries.ts: a finished transaction from Yjs's record of it,
 * marked before the transaction's observers run (so an observer sees it); the open one from the
 * items written since the last read, so an operation that creates a hundred tasks in one
 * transaction places each after the previous one, and costs what it wrote. Values are read from
 * the document at refresh time, never taken from the change: the index is a cache of the document
 * and agrees with a full walk (tested, randomized).
 */

import type * as Y from 'yjs';
import { isDeletedRecord } from './deleted-record.ts';
import { getYMap, tasksMap } from './doc.ts';
import { placementEntries, placementRegister, winningEntry } from './placement.ts';
import { compareRanked, type Ranked } from './rank.ts';
import { addNested, insertRanked, removeNested, removeRanked, sortNested } from './ranked-list.ts';
import { FollowedEntries } from './touched-entries.ts';

/** What the index knows of a task, each field as readers read it. */
export type IndexedTask = {
  projectId: string;
  /** The winning placement's column as written (it may name an archived or missing column; '' without one). */
  col: string;
  rank: string;
  live: boolean;
  planRank: string | null;
  /** Where the task sorts in plan order: its plan rank as readers read it (`a0` when missing). */
  planKey: string;
  /** The sprint it names, as readers read it (null: the backlog). */
  sprintId: string | null;
  /** Its number in the project (the key's number), as readers read it. */
  number: number | null;
};

/** Full walks over the tasks map, per document: what tests count to prove a path never makes one. */
const walks = new WeakMap<Y.Doc, number>();

/** Counts one walk over every task of `doc` (readProjectTasks, readAllTasks, an index build, …). */
export function countTaskWalk(doc: Y.Doc): void {
  walks.set(doc, (walks.get(doc) ?? 0) + 1);
}

/** How many full walks over the tasks were made on `doc` so far. */
export function taskWalks(doc: Y.Doc): number {
  return walks.get(doc) ?? 0;
}

/** Tasks read by the index, per document: what tests count to prove a big transaction stays linear. */
const reads = new WeakMap<Y.Doc, number>();

/** How many times the task index has read a task of `doc` (its build, and each refresh). */
export function taskIndexReads(doc: Y.Doc): number {
  return reads.get(doc) ?? 0;
}

/** The sprint key of the backlog in the membership lists (a sprint id is never empty). */
const BACKLOG = '';

export class TaskIndex {
  readonly #doc: Y.Doc;
  readonly #followed: FollowedEntries;
  readonly #entries = new Map<string, IndexedTask>();
  /** project → raw column → its live tasks in (rank, id) order. */
  readonly #columns = new Map<string, Map<string, Ranked[]>>();
  /** project → raw column → its archived tasks in (rank, id) order (the archived list pages by it). */
  readonly #archived = new Map<string, Map<string, Ranked[]>>();
  /** project → the plan ranks of all its tasks, sorted (ids as tie-breaks). */
  readonly #planRanks = new Map<string, Ranked[]>();
  /** project → all its tasks in plan order (planKey, id), archived ones included: the backlog pages by it. */
  readonly #planOrder = new Map<string, Ranked[]>();
  /** project → sprint named ('' for none) → its live tasks in plan order: a sprint's tasks without a walk. */
  readonly #planned = new Map<string, Map<string, Ranked[]>>();
  /** project → number → the tasks carrying it (one, unless a peer broke M21): keys resolve without a walk. */
  readonly #numbers = new Map<string, Map<number, Set<string>>>();

  constructor(doc: Y.Doc) {
    this.#doc = doc;
    // Caught up before the transaction's observers run: an observer that places a card sees it.
    this.#followed = new FollowedEntries(doc, () => tasksMap(doc) as unknown as Y.AbstractType<unknown>);
  }

  /**
   * The live tasks whose winning placement names `col` in the project, in board order (with
   * `archived`, its archived tasks instead, in the same (rank, id) order).
   */
  column(projectId: string, col: string, archived = false): readonly Ranked[] {
    this.#refresh();
    return (archived ? this.#archived : this.#columns).get(projectId)?.get(col) ?? [];
  }

  /**
   * Every column a live task of the project is placed in, as written (archived columns too);
   * with `archived`, the columns its archived tasks are placed in.
   */
  placedColumns(projectId: string, archived = false): Iterable<[string, readonly Ranked[]]> {
    this.#refresh();
    return (archived ? this.#archived : this.#columns).get(projectId)?.entries() ?? [];
  }

  /** The greatest plan rank among the project's tasks, archived ones included. */
  lastPlanRank(projectId: string): string | null {
    this.#refresh();
    return this.#planRanks.get(projectId)?.at(-1)?.rank ?? null;
  }

  /** All the project's tasks in plan order (plan rank as read, then id), archived ones included. */
  planOrder(projectId: string): readonly Ranked[] {
    this.#refresh();
    return this.#planOrder.get(projectId) ?? [];
  }

  /**
   * The project's live tasks grouped by the sprint each names as written (null: none), each group
   * in plan order. Where a task really is follows from the sprints too (plan.ts applies the rule).
   */
  planned(projectId: string): Iterable<[string | null, readonly Ranked[]]> {
    this.#refresh();
    const groups = this.#planned.get(projectId);
    if (!groups) return [];
    return [...groups].map(([k, list]): [string | null, readonly Ranked[]] => [
      k === BACKLOG ? null : k,
      list,
    ]);
  }

  /** The id of the project's task numbered `number` (the smallest id, should two carry it). */
  numbered(projectId: string, number: number): string | undefined {
    this.#refresh();
    let first: string | undefined;
    for (const id of this.#numbers.get(projectId)?.get(number) ?? [])
      if (first === undefined || id < first) first = id;
    return first;
  }

  /** What the index holds for every task, as of now: read it before changing the document. */
  tasks(): ReadonlyMap<string, Readonly<IndexedTask>> {
    this.#refresh();
    return this.#entries;
  }

  /** What the index holds for a task, or undefined for none (or one without a project). */
  task(id: string): Readonly<IndexedTask> | undefined {
    this.#refresh();
    return this.#entries.get(id);
  }

  #refresh(): void {
    this.#followed.refresh(this.#build, this.#refreshOne);
  }

  readonly #refreshOne = (id: string): void => {
    const map = getYMap(tasksMap(this.#doc) as Y.Map<unknown>, id);
    const next = map && this.#read(map);
    // A finished transaction that wrote many tasks names each once more: an unchanged entry is
    // left where it is rather than taken out and sorted back in.
    if (sameEntry(this.#entries.get(id), next)) return;
    this.#remove(id);
    if (next) this.#add(id, next);
  };

  readonly #build = (): void => {
    countTaskWalk(this.#doc);
    const tasks = tasksMap(this.#doc) as Y.Map<unknown>;
    // Appended, then sorted once: inserting 10,000 tasks one by one in order cost a splice each.
    tasks.forEach((_, id) => {
      const map = getYMap(tasks, id);
      const entry = map && this.#read(map);
      if (entry) this.#add(id, entry, true);
    });
    sortNested(this.#columns);
    sortNested(this.#archived);
    sortNested(this.#planned);
    for (const list of this.#planOrder.values()) list.sort(compareRanked);
    for (const list of this.#planRanks.values()) list.sort(compareRanked);
  };

  /** Where a task sits, as the readers see it; undefined for a task without a project. */
  #read(map: Y.Map<unknown>): IndexedTask | undefined {
    reads.set(this.#doc, (reads.get(this.#doc) ?? 0) + 1);
    const projectId = map.get('projectId');
    if (!isId(projectId) || isDeletedRecord(map)) return undefined;
    const register = placementRegister(map);
    const win = register ? winningEntry(placementEntries(register)) : undefined;
    const planRank = map.get('planRank');
    const sprintId = map.get('sprintId');
    const number = map.get('number');
    return {
      projectId,
      col: win?.col ?? '',
      rank: win?.rank ?? 'a0',
      // As archivedAtOf reads it (read.ts): any non-empty string archives.
      live: !(typeof map.get('archivedAt') === 'string' && (map.get('archivedAt') as string).length > 0),
      planRank: typeof planRank === 'string' ? planRank : null,
      // As readTaskFields reads it (schema.ts: 1 to 200 characters, else a0).
      planKey:
        typeof planRank === 'string' && planRank.length >= 1 && planRank.length <= 200 ? planRank : 'a0',
      sprintId: isId(sprintId) ? sprintId : null,
      number: typeof number === 'number' && Number.isSafeInteger(number) && number > 0 ? number : null,
    };
  }

  /** With `unsorted` (the first build), lists are appended to and sorted once by the caller. */
  #add(id: string, entry: IndexedTask, unsorted = false): void {
    const { projectId } = entry;
    const place = (list: Ranked[], item: Ranked) => (unsorted ? list.push(item) : insertRanked(list, item));
    this.#entries.set(id, entry);
    addNested(
      entry.live ? this.#columns : this.#archived,
      projectId,
      entry.col,
      { id, rank: entry.rank },
      unsorted,
    );
    let order = this.#planOrder.get(projectId);
    if (!order) {
      order = [];
      this.#planOrder.set(projectId, order);
    }
    place(order, { id, rank: entry.planKey });
    if (entry.planRank !== null) {
      let ranks = this.#planRanks.get(projectId);
      if (!ranks) {
        ranks = [];
        this.#planRanks.set(projectId, ranks);
      }
      place(ranks, { id, rank: entry.planRank });
    }
    if (entry.live)
      addNested(this.#planned, projectId, entry.sprintId ?? BACKLOG, { id, rank: entry.planKey }, unsorted);
    if (entry.number !== null) {
      let byNumber = this.#numbers.get(projectId);
      if (!byNumber) {
        byNumber = new Map();
        this.#numbers.set(projectId, byNumber);
      }
      const ids = byNumber.get(entry.number) ?? new Set();
      ids.add(id);
      byNumber.set(entry.number, ids);
    }
  }

  #remove(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    const { projectId } = entry;
    this.#entries.delete(id);
    removeNested(entry.live ? this.#columns : this.#archived, projectId, entry.col, { id, rank: entry.rank });
    const order = this.#planOrder.get(projectId);
    if (order) removeRanked(order, { id, rank: entry.planKey });
    if (entry.planRank !== null) {
      const ranks = this.#planRanks.get(projectId);
      if (ranks) removeRanked(ranks, { id, rank: entry.planRank });
    }
    if (entry.live)
      removeNested(this.#planned, projectId, entry.sprintId ?? BACKLOG, { id, rank: entry.planKey });
    if (entry.number !== null) {
      const byNumber = this.#numbers.get(projectId);
      const ids = byNumber?.get(entry.number);
      ids?.delete(id);
      if (ids?.size === 0) byNumber?.delete(entry.number);
    }
  }
}

/** An id as the schema reads one (schema.ts: 1 to 200 characters). */
function isId(v: unknown): v is string {
  return typeof v === 'string' && v.length >= 1 && v.length <= 200;
}

function sameEntry(a: IndexedTask | undefined, b: IndexedTask | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.projectId === b.projectId &&
    a.col === b.col &&
    a.rank === b.rank &&
    a.live === b.live &&
    a.planRank === b.planRank &&
    a.planKey === b.planKey &&
    a.sprintId === b.sprintId &&
    a.number === b.number
  );
}

const indexes = new WeakMap<Y.Doc, TaskIndex>();

/** The document's task index, made on first use. */
export function taskIndex(doc: Y.Doc): TaskIndex {
  let index = indexes.get(doc);
  if (!index) {
    index = new TaskIndex(doc);
    indexes.set(doc, index);
  }
  return index;
}
