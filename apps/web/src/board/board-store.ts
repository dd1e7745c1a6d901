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
  /** columnId → taskId → task, for the live columns; plus the archived tasks. */
  private byColumn = new Map<string, Map<string, Task>>();
  private archived = new Map<string, Task>();
  private readonly where = new Map<string, string>();
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
    this.byColumn = new Map();
    this.archived = new Map();
    this.where.clear();
    if (!this.board) return;
    for (const column of this.board.columns) {
      this.byColumn.set(column.id, new Map(column.tasks.map((t) => [t.id, t])));
      for (const t of column.tasks) this.where.set(t.id, column.id);
    }
    for (const t of this.board.archivedTasks) {
      this.archived.set(t.id, t);
      this.where.set(t.id, ARCHIVED);
    }
  }

  private patch(board: Board): void {
    const dirty = new Set<string>();
    for (const id of this.touched) {
      const before = this.where.get(id);
      if (before !== undefined) {
        this.bucket(before)?.delete(id);
        this.where.delete(id);
        dirty.add(before);
      }
      const task = readTask(this.doc, id);
      if (!task || task.projectId !== this.projectId) continue;
      const after = task.archivedAt !== null ? ARCHIVED : task.columnId;
      const bucket = this.bucket(after);
      if (!bucket) continue;
      bucket.set(id, task);
      this.where.set(id, after);
      dirty.add(after);
    }
    if (dirty.size === 0) return;
    const columns: BoardColumn[] = board.columns.map((c) =>
      dirty.has(c.id)
        ? { ...c, tasks: [...(this.byColumn.get(c.id)?.values() ?? [])].sort(compareRanked) }
        : c,
    );
    const archivedTasks = dirty.has(ARCHIVED)
      ? [...this.archived.values()].sort(newestArchivedFirst)
      : board.archivedTasks;
    this.board = { ...board, columns, archivedTasks };
  }

  private bucket(key: string): Map<string, Task> | undefined {
    return key === ARCHIVED ? this.archived : this.byColumn.get(key);
  }
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
