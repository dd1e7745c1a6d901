/**
 * The board of one project, kept up to date incrementally. `readBoard` re-reads every task (about
 * 200 ms at 10,000 tasks); here a change to a few tasks re-reads only those, re-sorts only the
 * columns they left or entered, and keeps every other column's array (and task objects) as they
 * were, so memoized columns and cards do not re-render. Changes to columns or projects, and large
 * bursts, fall back to a full `readBoard`.
 */
import {
  type Board,
  type BoardColumn,
  compareRanked,
  observeProjectsAndColumns,
  observeTouchedTasks,
  readBoard,
  readTask,
  type Task,
  taskIndex,
} from '@taskflow/model';
import * as Y from 'yjs';

/** Above this many touched tasks a full read is cheaper than patching. */
const FULL_READ_THRESHOLD = 2_000;

export class BoardStore {
  private board: Board | undefined;
  private full = true;
  private readonly touched = new Set<string>();
  /** Column id (or ARCHIVED) → its tasks in board order; the arrays of the current board. */
  private lists = new Map<string, Task[]>();
  /** Each listed task: the list it is in, and the task as it was listed (to find it there again). */
  private readonly where = new Map<string, { key: string; task: Task }>();
  private unobserve: (() => void) | null = null;
  /** The document's state vector when the board was read while detached (React renders before effects). */
  private readDetached: Uint8Array | null = null;

  constructor(
    private readonly doc: Y.Doc,
    private readonly projectId: string,
  ) {}

  /**
   * Starts following the document (idempotent). Separate from the constructor so React's
   * StrictMode can stop and restart it; while detached, `get` reads everything afresh.
   */
  attach(): void {
    if (this.unobserve) return;
    const stopTasks = observeTouchedTasks(this.doc, (ids) => {
      for (const id of ids) this.touched.add(id);
    });
    const stopStructure = observeProjectsAndColumns(this.doc, () => {
      this.full = true;
    });
    // The first render reads before this effect attaches: keep that read when nothing arrived in
    // between (a full read cost the first move on a 10,000-task board ~200 ms). Every model
    // transaction writes a new item, so an unchanged state vector means an unchanged board.
    const seen = this.readDetached;
    this.full = !seen || !sameBytes(seen, Y.encodeStateVector(this.doc));
    this.readDetached = null;
    // The model's task index (columns in order, for placing a moved card) is built by one walk on
    // first use: build it while the person looks at the board, not in their first move.
    const warm = requestIdle(() => taskIndex(this.doc).column(this.projectId, ''));
    this.unobserve = () => {
      warm();
      stopTasks();
      stopStructure();
    };
  }

  detach(): void {
    this.unobserve?.();
    this.unobserve = null;
  }

  /** The current board; cheap when nothing changed since the last call. */
  get(): Board | undefined {
    if (!this.unobserve || this.full || this.touched.size > FULL_READ_THRESHOLD || !this.board)
      this.readAll();
    else if (this.touched.size > 0) this.patch(this.board);
    this.touched.clear();
    return this.board;
  }

  private readAll(): void {
    this.full = false;
    this.readDetached = this.unobserve ? null : Y.encodeStateVector(this.doc);
    this.board = readBoard(this.doc, this.projectId);
    this.lists = new Map();
    this.where.clear();
    if (!this.board) return;
    for (const column of this.board.columns) {
      this.lists.set(column.id, column.tasks);
      for (const task of column.tasks) this.where.set(task.id, { key: column.id, task });
    }
    this.lists.set(ARCHIVED, this.board.archivedTasks);
    for (const task of this.board.archivedTasks) this.where.set(task.id, { key: ARCHIVED, task });
  }

  /**
   * Takes each touched task out of the list it was in and puts it into the one it is in now, by
   * binary search: a move costs two splices of its columns, not two sorts (a column of 3,000
   * tasks sorted in ~5 ms). Lists are copied before their first change here, so the previous
   * board's arrays stay as they were (React compares them by identity).
   */
  private patch(board: Board): void {
    const copied = new Set<string>();
    const list = (key: string): Task[] | undefined => {
      const current = this.lists.get(key);
      if (!current || copied.has(key)) return current;
      const copy = [...current];
      this.lists.set(key, copy);
      copied.add(key);
      return copy;
    };
    for (const id of this.touched) {
      const before = this.where.get(id);
      if (before) {
        const from = list(before.key);
        const at = from ? indexIn(from, before.task) : -1;
        if (from && at >= 0) from.splice(at, 1);
        this.where.delete(id);
      }
      const task = readTask(this.doc, id);
      if (!task || task.projectId !== this.projectId) continue;
      const key = task.archivedAt !== null ? ARCHIVED : task.columnId;
      const to = list(key);
      if (!to) continue;
      to.splice(insertionPoint(to, task), 0, task);
      this.where.set(id, { key, task });
    }
    if (copied.size === 0) return;
    const columns: BoardColumn[] = board.columns.map((c) =>
      copied.has(c.id) ? { ...c, tasks: this.lists.get(c.id) ?? [] } : c,
    );
    const archivedTasks = copied.has(ARCHIVED) ? (this.lists.get(ARCHIVED) ?? []) : board.archivedTasks;
    this.board = { ...board, columns, archivedTasks };
  }
}

function orderOf(task: Task): (a: Task, b: Task) => number {
  return task.archivedAt !== null ? newestArchivedFirst : compareRanked;
}

/** The first index whose task sorts after `task` (lists are sorted by their bucket's order). */
function insertionPoint(list: readonly Task[], task: Task): number {
  const order = orderOf(task);
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (order(list[mid] as Task, task) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where `task` (as it was when listed) is in `list`; -1 when it is not. */
function indexIn(list: readonly Task[], task: Task): number {
  const at = insertionPoint(list, task) - 1;
  // Ties in the order (equal archive times) are rare; fall back to a scan then.
  return list[at]?.id === task.id ? at : list.findIndex((t) => t.id === task.id);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Runs `task` when the page is idle (soon, where there is no requestIdleCallback); returns cancel. */
function requestIdle(task: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(task, { timeout: 2_000 });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(task, 200);
  return () => clearTimeout(timer);
}

function newestArchivedFirst(a: Task, b: Task): number {
  const x = a.archivedAt ?? '';
  const y = b.archivedAt ?? '';
  return x !== y ? (x < y ? 1 : -1) : compareRanked(a, b);
}

/** Not a valid column id (ids are non-empty strings from the model; this one has a NUL). */
const ARCHIVED = '\u0000archived';
