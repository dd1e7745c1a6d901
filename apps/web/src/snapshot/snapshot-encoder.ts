/**
 * Encodes a board's snapshot incrementally, for snapshot-assembler.ts to put together elsewhere.
 *
 * Writing the whole snapshot (`JSON.stringify(toSnapshot(...))` and an IndexedDB put of its
 * 1.25 MB) blocked the page for 40-290 ms on a 10,000-task board, a second after every move or
 * keystroke. The board store (board/board-store.ts) keeps every task object it did not re-read,
 * and every column's task array that did not change, identical from one board to the next. So:
 * a task's row is encoded once per task object (WeakMap), a column's row numbers are listed once
 * per task array, and a write sends only rows the assembler does not hold yet: a move sends one
 * row, plus the row numbers of every column (a few 10 KB of integers, copied in well under 1 ms).
 *
 * The text the assembler builds is byte for byte `JSON.stringify(toSnapshot(snapshot, savedAt))`
 * (snapshot-encoder.test.ts checks it after random edits), so the stored format does not change.
 */
import type { Board, Task } from '@taskflow/model';
import { type BoardSnapshot, SNAPSHOT_VERSION, storedTask } from './board-snapshot.ts';
import type { RowsMessage, WriteMessage } from './snapshot-assembler.ts';

/**
 * A task's encoded row. What the far end holds is kept on the row itself (`heldIn`, `mark`): the
 * walks below then read a property per task instead of looking it up in a Set, which made a
 * move's write on a 10,000-task board cost several times less.
 */
type Row = { id: number; text: string; heldIn: number; mark: number };
/** A column's task array as rows, and their numbers as the layout sends them. */
type Listed = { rows: Row[]; ids: Int32Array };
type Column = Board['columns'][number];
type Layout = Pick<WriteMessage, 'head' | 'columns' | 'tail' | 'drop'>;

/** Check the clock every this many rows sent: one row takes a few microseconds to encode. */
const ROWS_PER_CLOCK_CHECK = 64;

export class SnapshotEncoder {
  private readonly rows = new WeakMap<Task, Row>();
  private readonly listed = new WeakMap<readonly Task[], Listed>();
  private nextId = 1;
  /** A row is held by the far end when its `heldIn` is this; a reset bumps it (nothing is held). */
  private epoch = 1;
  /** Bumped per layout: the rows it lists in changed columns carry it in `mark`. */
  private generation = 0;
  /** Rows sent since the last layout: dropped by the next one unless it uses them. */
  private sentSince: Row[] = [];
  /** Each column's task array in the last layout (column id → array). */
  private last = new Map<string, readonly Task[]>();
  /** Rows encoded so far (tests count them). */
  encoded = 0;

  /**
   * Sends (in batches, through `send`) every row of `board` the assembler does not hold yet,
   * encoding those not encoded yet. Returns false when `outOfTime` said so before it was done:
   * call again (with this board or a newer one) in the next idle moment.
   */
  sendRows(
    board: Board,
    send: (message: Omit<RowsMessage, 'type' | 'stream'>) => void,
    outOfTime: () => boolean,
  ): boolean {
    const ids: number[] = [];
    const texts: string[] = [];
    let done = true;
    let sinceCheck = 0;
    scan: for (const column of board.columns) {
      // A column whose array is the one of the last layout has all its rows held.
      if (this.last.get(column.id) === column.tasks) continue;
      const known = this.listed.get(column.tasks);
      const rows = known?.rows ?? [];
      const count = column.tasks.length;
      for (let i = 0; i < count; i++) {
        const row = known ? (rows[i] as Row) : this.rowOf(column.tasks[i] as Task);
        if (!known) rows.push(row);
        if (row.heldIn === this.epoch) continue;
        ids.push(row.id);
        texts.push(row.text);
        row.heldIn = this.epoch;
        this.sentSince.push(row);
        // Only rows sent count: a call always gets further than the last one, and walking past
        // held rows (10,000 of them in well under a millisecond) is not worth a clock check.
        if (++sinceCheck === ROWS_PER_CLOCK_CHECK) {
          sinceCheck = 0;
          if (outOfTime() && i + 1 < count) {
            done = false;
            break scan;
          }
        }
      }
      if (!known) this.listed.set(column.tasks, { rows, ids: Int32Array.from(rows, (r) => r.id) });
    }
    if (ids.length > 0) send({ ids, texts });
    return done;
  }

  /**
   * The write of `snapshot`, once `sendRows` returned true for its board. Columns whose task
   * array is the one of the last layout are listed again from the cache; only the rows of the
   * other columns (and rows sent since) are candidates to drop, which keeps this proportional to
   * what changed. That holds because a task object is in one column only (rule M3) and a task
   * that enters or leaves a column gives that column a new array (board-store.ts).
   */
  layout(snapshot: BoardSnapshot, savedAt: string): Layout {
    const { board } = snapshot;
    const generation = ++this.generation;
    const next = new Map<string, readonly Task[]>();
    const columns = board.columns.map((column) => {
      const listed = this.list(column.tasks);
      if (this.last.get(column.id) !== column.tasks) for (const row of listed.rows) row.mark = generation;
      next.set(column.id, column.tasks);
      return { head: columnHead(column), ids: listed.ids };
    });
    const drop: number[] = [];
    const unlessListed = (row: Row) => {
      if (row.mark === generation || row.heldIn !== this.epoch) return;
      row.heldIn = 0;
      drop.push(row.id);
    };
    this.sentSince.forEach(unlessListed);
    for (const [id, tasks] of this.last)
      if (next.get(id) !== tasks) this.list(tasks).rows.forEach(unlessListed);
    this.sentSince = [];
    this.last = next;
    // Key order and values as JSON.stringify(toSnapshot(...)) writes them.
    const head =
      `{"version":${SNAPSHOT_VERSION},"savedAt":${JSON.stringify(savedAt)},` +
      `"project":${JSON.stringify(board.project)},"projects":${JSON.stringify(snapshot.projects)},"columns":[`;
    const tail = `],"sprints":${JSON.stringify(snapshot.sprints)},"people":${JSON.stringify(snapshot.people)}}`;
    return { head, columns, tail, drop };
  }

  /** The assembler lost what it held (a failed write, a new worker): the next write sends all. */
  reset(): void {
    this.epoch++;
    this.sentSince = [];
    this.last = new Map();
  }

  private rowOf(task: Task): Row {
    let row = this.rows.get(task);
    if (!row) {
      row = { id: this.nextId++, text: JSON.stringify(storedTask(task)), heldIn: 0, mark: 0 };
      this.rows.set(task, row);
      this.encoded++;
    }
    return row;
  }

  private list(tasks: readonly Task[]): Listed {
    let listed = this.listed.get(tasks);
    if (!listed) {
      const rows = tasks.map((task) => this.rowOf(task));
      listed = { rows, ids: Int32Array.from(rows, (r) => r.id) };
      this.listed.set(tasks, listed);
    }
    return listed;
  }
}

function columnHead(column: Column): string {
  return `{"id":${JSON.stringify(column.id)},"name":${JSON.stringify(column.name)},"rank":${JSON.stringify(column.rank)},"tasks":[`;
}

const assigneesOf = new WeakMap<readonly Task[], Set<string | null>>();

/**
 * The names of the people the board's cards show. Per column the assignees are collected once
 * per task array: the whole board's 10,000 tasks are not walked again for every write.
 */
export function shownPeople(board: Board, people: Record<string, string>): Record<string, string> {
  const shown = board.columns.map((column) => {
    let set = assigneesOf.get(column.tasks);
    if (!set) {
      set = new Set(column.tasks.map((t) => t.assignee));
      assigneesOf.set(column.tasks, set);
    }
    return set;
  });
  return Object.fromEntries(Object.entries(people).filter(([id]) => shown.some((s) => s.has(id))));
}
