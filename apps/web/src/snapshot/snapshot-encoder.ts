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
 * Measured on 10,000 tasks (load 7 on 2 cores): a move's write took 53-56 ms of the page's CPU
 * (40-290 ms wall), now 2-4 ms. A board read whole (its first write, a column added) has every
 * row new: those are encoded and sent in idle slices of a few ms (use-board-snapshot.ts).
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
  /** Per column task array: how many of its tasks each assignee has. */
  private readonly assigneesOf = new WeakMap<readonly Task[], Map<string | null, number>>();
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
      const { tasks } = column;
      const before = this.last.get(column.id);
      // A column whose array is the one of the last layout has all its rows held.
      if (before === tasks) continue;
      const known = this.listed.get(tasks);
      // Only what changed since the last layout can be new: one or two tasks for a move.
      const { start, end } = known ? { start: 0, end: tasks.length } : this.changed(before, tasks);
      // A column walked whole (a first write) is listed on the way, not walked again by `layout`.
      const listing: Row[] | null = !known && start === 0 && end === tasks.length ? [] : null;
      for (let i = start; i < end; i++) {
        const row = known ? (known.rows[i] as Row) : this.rowOf(tasks[i] as Task);
        listing?.push(row);
        if (i + 1 === end && listing)
          this.listed.set(tasks, { rows: listing, ids: Int32Array.from(listing, (r) => r.id) });
        if (row.heldIn === this.epoch) continue;
        ids.push(row.id);
        texts.push(row.text);
        row.heldIn = this.epoch;
        this.sentSince.push(row);
        // Only rows sent count: a call always gets further than the last one, and walking past
        // held rows (10,000 of them in well under a millisecond) is not worth a clock check.
        if (++sinceCheck === ROWS_PER_CLOCK_CHECK) {
          sinceCheck = 0;
          if (outOfTime() && i + 1 < end) {
            done = false;
            break scan;
          }
        }
      }
    }
    if (ids.length > 0) send({ ids, texts });
    return done;
  }

  /**
   * The write of `snapshot`, once `sendRows` returned true for its board. Columns whose task
   * array is the one of the last layout are listed again from the cache; of the others only the
   * stretch that changed is walked: its rows are kept, and the rows that were there before (and
   * rows sent since) are dropped unless kept. That holds because a task object is in one column
   * only (rule M3) and a task that enters or leaves a column gives that column a new array
   * (board-store.ts), whose unchanged start and end are the very same objects.
   */
  layout(snapshot: BoardSnapshot, savedAt: string): Layout {
    const { board } = snapshot;
    const generation = ++this.generation;
    const candidates: Row[][] = [this.sentSince];
    const next = new Map<string, readonly Task[]>();
    const columns = board.columns.map((column) => {
      const { tasks } = column;
      const before = this.last.get(column.id);
      const listed = this.list(tasks, before);
      if (before !== tasks) {
        const { start, end, endBefore } = this.changed(before, tasks);
        for (let i = start; i < end; i++) (listed.rows[i] as Row).mark = generation;
        if (before) candidates.push(this.list(before).rows.slice(start, endBefore));
      }
      next.set(column.id, tasks);
      return { head: columnHead(column), ids: listed.ids };
    });
    for (const [id, tasks] of this.last) if (!next.has(id)) candidates.push(this.list(tasks).rows);
    const drop: number[] = [];
    for (const rows of candidates) {
      for (const row of rows) {
        if (row.mark === generation || row.heldIn !== this.epoch) continue;
        row.heldIn = 0;
        drop.push(row.id);
      }
    }
    this.sentSince = [];
    this.last = next;
    // Key order and values as JSON.stringify(toSnapshot(...)) writes them.
    const head =
      `{"version":${SNAPSHOT_VERSION},"savedAt":${JSON.stringify(savedAt)},` +
      `"project":${JSON.stringify(board.project)},"projects":${JSON.stringify(snapshot.projects)},"columns":[`;
    const tail = `],"sprints":${JSON.stringify(snapshot.sprints)},"people":${JSON.stringify(snapshot.people)}}`;
    return { head, columns, tail, drop };
  }

  /**
   * The names of the people the board's cards show. Per column the assignees are counted once
   * per task array, from the column's last array and what changed since where there is one: the
   * whole board is not walked again for every write.
   */
  shownPeople(board: Board, people: Record<string, string>): Record<string, string> {
    const counts = board.columns.map((column) => this.assignees(column.tasks, this.last.get(column.id)));
    return Object.fromEntries(
      Object.entries(people).filter(([id]) => counts.some((c) => (c.get(id) ?? 0) > 0)),
    );
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

  /**
   * Where `tasks` differs from `before` (a listed array): the same objects from the start up to
   * `start` and from `end` (`endBefore` in `before`) on. Pointer comparisons only.
   */
  private changed(before: readonly Task[] | undefined, tasks: readonly Task[]) {
    if (!before || !this.listed.has(before))
      return { start: 0, end: tasks.length, endBefore: before?.length ?? 0 };
    let start = 0;
    const shorter = Math.min(before.length, tasks.length);
    while (start < shorter && before[start] === tasks[start]) start++;
    let end = tasks.length;
    let endBefore = before.length;
    while (end > start && endBefore > start && before[endBefore - 1] === tasks[end - 1]) {
      end--;
      endBefore--;
    }
    return { start, end, endBefore };
  }

  private assignees(tasks: readonly Task[], before: readonly Task[] | undefined): Map<string | null, number> {
    let counts = this.assigneesOf.get(tasks);
    if (counts) return counts;
    const base = before && this.assigneesOf.get(before);
    let from = 0;
    let to = tasks.length;
    if (base && before && this.listed.has(before)) {
      const { start, end, endBefore } = this.changed(before, tasks);
      counts = new Map(base);
      for (let i = start; i < endBefore; i++) bump(counts, (before[i] as Task).assignee, -1);
      from = start;
      to = end;
    } else counts = new Map();
    for (let i = from; i < to; i++) bump(counts, (tasks[i] as Task).assignee, 1);
    this.assigneesOf.set(tasks, counts);
    return counts;
  }

  /** `tasks` as rows; from the listing of `before` (the column's last array) where they agree. */
  private list(tasks: readonly Task[], before?: readonly Task[]): Listed {
    let listed = this.listed.get(tasks);
    if (listed) return listed;
    const base = before && this.listed.get(before);
    if (base && before) {
      const { start, end, endBefore } = this.changed(before, tasks);
      const middle = tasks.slice(start, end).map((task) => this.rowOf(task));
      const ids = new Int32Array(tasks.length);
      ids.set(base.ids.subarray(0, start));
      ids.set(
        Int32Array.from(middle, (r) => r.id),
        start,
      );
      ids.set(base.ids.subarray(endBefore), end);
      listed = { rows: base.rows.slice(0, start).concat(middle, base.rows.slice(endBefore)), ids };
    } else {
      const rows = tasks.map((task) => this.rowOf(task));
      listed = { rows, ids: Int32Array.from(rows, (r) => r.id) };
    }
    this.listed.set(tasks, listed);
    return listed;
  }
}

function columnHead(column: Column): string {
  return `{"id":${JSON.stringify(column.id)},"name":${JSON.stringify(column.name)},"rank":${JSON.stringify(column.rank)},"tasks":[`;
}

function bump(counts: Map<string | null, number>, assignee: string | null, by: number): void {
  counts.set(assignee, (counts.get(assignee) ?? 0) + by);
}
