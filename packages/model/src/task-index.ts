/**
 * Where every task sits, kept up to date as the document changes, so the reads each edit needs (a
 * column's order to place a card, a project's last plan rank to append to the backlog) cost what
 * the column or the change costs, not a walk over the whole workspace (issue 13). One index per
 * document, built on first use by one walk, then refreshed per changed task.
 *
 * What changed is read from Yjs's own record of the transaction (`transaction.changed`, filled as
 * each item is written): before each transaction's observers run (so an observer sees it), and
 * also during one, so an operation that creates a hundred tasks in one transaction places each
 * after the previous one. Values are read
 * from the document at refresh time, never taken from the change: the index is a cache of the
 * document and agrees with a full walk (tested, randomized).
 */
import type * as Y from 'yjs';
import { getYMap, tasksMap } from './doc.ts';
import { placementEntries, placementRegister, winningEntry } from './placement.ts';
import { compareRanked, type Ranked } from './rank.ts';
import { markTouchedEntries } from './touched-entries.ts';

type Entry = {
  projectId: string;
  /** The winning placement's column as written (it may name an archived or missing column). */
  col: string;
  rank: string;
  live: boolean;
  planRank: string | null;
  /** Where the task sorts in plan order: its plan rank as readers read it (`a0` when missing). */
  planKey: string;
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

/** The first position in `list` (sorted by compareRanked) whose item sorts at or after `item`. */
function lowerBound(list: readonly Ranked[], item: Ranked): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareRanked(list[mid] as Ranked, item) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertRanked(list: Ranked[], item: Ranked): void {
  list.splice(lowerBound(list, item), 0, item);
}

function removeRanked(list: Ranked[], item: Ranked): void {
  const at = lowerBound(list, item);
  if (list[at]?.id === item.id) list.splice(at, 1);
}

function addTo(byProject: Map<string, Map<string, Ranked[]>>, projectId: string, col: string, item: Ranked) {
  let cols = byProject.get(projectId);
  if (!cols) {
    cols = new Map();
    byProject.set(projectId, cols);
  }
  let list = cols.get(col);
  if (!list) {
    list = [];
    cols.set(col, list);
  }
  insertRanked(list, item);
}

function removeFrom(
  byProject: Map<string, Map<string, Ranked[]>>,
  projectId: string,
  col: string,
  item: Ranked,
) {
  const cols = byProject.get(projectId);
  const list = cols?.get(col);
  if (!list) return;
  removeRanked(list, item);
  if (list.length === 0) cols?.delete(col);
}

export class TaskIndex {
  readonly #doc: Y.Doc;
  readonly #entries = new Map<string, Entry>();
  /** project → raw column → its live tasks in (rank, id) order. */
  readonly #columns = new Map<string, Map<string, Ranked[]>>();
  /** project → raw column → its archived tasks in (rank, id) order (the archived list pages by it). */
  readonly #archived = new Map<string, Map<string, Ranked[]>>();
  /** project → the plan ranks of all its tasks, sorted (ids as tie-breaks). */
  readonly #planRanks = new Map<string, Ranked[]>();
  /** project → all its tasks in plan order (planKey, id), archived ones included: the backlog pages by it. */
  readonly #planOrder = new Map<string, Ranked[]>();
  readonly #dirty = new Set<string>();
  #built = false;

  constructor(doc: Y.Doc) {
    this.#doc = doc;
    // Before the transaction's observers run: an observer that places a card sees the transaction.
    doc.on('beforeObserverCalls', (tr: Y.Transaction) => {
      if (this.#built) this.#mark(tr.changed);
    });
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

  /** Notes the tasks a transaction touched (a task's own map, its placement, or the tasks map). */
  #mark(changed: Y.Transaction['changed']): void {
    markTouchedEntries(changed, tasksMap(this.#doc) as unknown as Y.AbstractType<unknown>, this.#dirty);
  }

  #refresh(): void {
    if (!this.#built) {
      this.#build();
      return;
    }
    // Inside a transaction, what it wrote so far is not marked yet.
    const open = this.#doc._transaction;
    if (open) this.#mark(open.changed);
    if (this.#dirty.size === 0) return;
    const tasks = tasksMap(this.#doc) as Y.Map<unknown>;
    for (const id of this.#dirty) {
      const map = getYMap(tasks, id);
      const next = map && this.#read(map);
      // A transaction that wrote many tasks names each of them again on every read inside it:
      // an unchanged entry is left where it is (re-sorting it each time made such a transaction
      // quadratic in its size).
      if (sameEntry(this.#entries.get(id), next)) continue;
      this.#remove(id);
      if (next) this.#add(id, next);
    }
    this.#dirty.clear();
  }

  #build(): void {
    countTaskWalk(this.#doc);
    const tasks = tasksMap(this.#doc) as Y.Map<unknown>;
    tasks.forEach((_, id) => {
      const map = getYMap(tasks, id);
      const entry = map && this.#read(map);
      if (entry) this.#add(id, entry);
    });
    this.#built = true;
  }

  /** Where a task sits, as the readers see it; undefined for a task without a project. */
  #read(map: Y.Map<unknown>): Entry | undefined {
    const projectId = map.get('projectId');
    if (typeof projectId !== 'string') return undefined;
    const register = placementRegister(map);
    const win = register ? winningEntry(placementEntries(register)) : undefined;
    const planRank = map.get('planRank');
    return {
      projectId,
      col: win?.col ?? '',
      rank: win?.rank ?? 'a0',
      live: typeof map.get('archivedAt') !== 'string',
      planRank: typeof planRank === 'string' ? planRank : null,
      // As readTaskFields reads it (schema.ts: 1 to 200 characters, else a0).
      planKey:
        typeof planRank === 'string' && planRank.length >= 1 && planRank.length <= 200 ? planRank : 'a0',
    };
  }

  #add(id: string, entry: Entry): void {
    const { projectId } = entry;
    this.#entries.set(id, entry);
    addTo(entry.live ? this.#columns : this.#archived, projectId, entry.col, { id, rank: entry.rank });
    let order = this.#planOrder.get(projectId);
    if (!order) {
      order = [];
      this.#planOrder.set(projectId, order);
    }
    insertRanked(order, { id, rank: entry.planKey });
    if (entry.planRank !== null) {
      let ranks = this.#planRanks.get(projectId);
      if (!ranks) {
        ranks = [];
        this.#planRanks.set(projectId, ranks);
      }
      insertRanked(ranks, { id, rank: entry.planRank });
    }
  }

  #remove(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    removeFrom(entry.live ? this.#columns : this.#archived, entry.projectId, entry.col, {
      id,
      rank: entry.rank,
    });
    const order = this.#planOrder.get(entry.projectId);
    if (order) removeRanked(order, { id, rank: entry.planKey });
    if (entry.planRank !== null) {
      const ranks = this.#planRanks.get(entry.projectId);
      if (ranks) removeRanked(ranks, { id, rank: entry.planRank });
    }
  }
}

function sameEntry(a: Entry | undefined, b: Entry | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.projectId === b.projectId &&
    a.col === b.col &&
    a.rank === b.rank &&
    a.live === b.live &&
    a.planRank === b.planRank &&
    a.planKey === b.planKey
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

/**
 * Where a page of a project's tasks in board order ended: the last task's column (and that
 * column's position then, used when the column is no longer live), rank and id.
 */
export type BoardKey = { pos: number; col: string; rank: string; id: string };

/** A task in board order, with the live column it shows in (a task placed in a dead column shows in the first). */
export type BoardSlot = { col: string; pos: number; id: string; rank: string };

/**
 * A project's tasks in board order (the live columns in order, each in (rank, id) order; tasks
 * placed in a missing or archived column belong to the first), live ones or archived ones, from
 * just after `after` (or the start), lazily: a page costs a binary search and its own tasks, not
 * the project. `liveColumnIds` are the project's live columns in board order. Read the slots
 * before changing the document.
 *
 * A cursor whose column is no longer live continues at the column now at its position.
 */
export function* boardOrder(
  doc: Y.Doc,
  projectId: string,
  liveColumnIds: readonly string[],
  options: { archived?: boolean; after?: BoardKey; onlyColumn?: string } = {},
): Generator<BoardSlot> {
  const index = taskIndex(doc);
  const archived = options.archived ?? false;
  const after = options.after;
  const live = new Set(liveColumnIds);
  let start = 0;
  if (after) {
    const at = liveColumnIds.indexOf(after.col);
    start = at >= 0 ? at : Math.max(0, after.pos);
  }
  for (let pos = start; pos < liveColumnIds.length; pos++) {
    const col = liveColumnIds[pos] as string;
    if (options.onlyColumn !== undefined && col !== options.onlyColumn) continue;
    let list: readonly Ranked[];
    if (pos === 0) {
      const parts: (readonly Ranked[])[] = [];
      for (const [raw, l] of index.placedColumns(projectId, archived)) {
        if (raw === col || !live.has(raw)) parts.push(l);
      }
      list = parts.length === 1 ? (parts[0] as readonly Ranked[]) : parts.flat().sort(compareRanked);
    } else {
      list = index.column(projectId, col, archived);
    }
    let i = 0;
    if (after && after.col === col) {
      i = lowerBound(list, after);
      if (list[i]?.id === after.id && list[i]?.rank === after.rank) i++;
    }
    for (; i < list.length; i++) {
      const r = list[i] as Ranked;
      yield { col, pos, id: r.id, rank: r.rank };
    }
  }
}

/**
 * A project's tasks in plan order ((plan rank, id), archived ones included), from just after
 * `after` (or the start), lazily: the backlog's pages start by binary search. Read the items
 * before changing the document.
 */
export function* planOrder(doc: Y.Doc, projectId: string, after?: Ranked): Generator<Ranked> {
  const list = taskIndex(doc).planOrder(projectId);
  let i = 0;
  if (after) {
    i = lowerBound(list, after);
    if (list[i]?.id === after.id && list[i]?.rank === after.rank) i++;
  }
  for (; i < list.length; i++) yield list[i] as Ranked;
}
