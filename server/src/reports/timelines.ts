/**
 * Every task's and column's life, replayed from the activity entries (docs/REPORTS.md): what each
 * report reads instead of the log. A fold takes entries in the order they were stored and keeps
 * each task's changes sorted by the moment they were made, so an offline change that arrives a
 * day late lands on the day it was made. Values are as stored (a peer may have written junk):
 * each is narrowed to its type here and anything else reads as unset.
 */

export type TaskState = {
  projectId: string | null;
  column: string | null;
  live: boolean;
  sprintId: string | null;
  estimate: number | null;
  originalEstimateSeconds: number | null;
};

type Field = keyof TaskState;

export type TaskEvent = {
  at: number;
  /** Fold order: ties at one instant keep the order the changes were stored in. */
  order: number;
  field: Field;
  value: unknown;
};

export type TaskLine = { id: string; createdAt: number | null; events: TaskEvent[] };
export type ColumnLine = { id: string; events: { at: number; order: number; live: boolean }[] };

/** One activity entry as the fold reads it. */
export type FoldEntry = {
  kind: string;
  entityId: string;
  madeAt: number;
  arrivedAt: number;
  changes: readonly { field: string; from: unknown; to: unknown }[];
};

const TASK_FIELDS: Record<string, Field> = {
  projectId: 'projectId',
  column: 'column',
  sprintId: 'sprintId',
  estimate: 'estimate',
  originalEstimateSeconds: 'originalEstimateSeconds',
  archivedAt: 'live',
};

export const EMPTY_STATE: TaskState = {
  projectId: null,
  column: null,
  live: true,
  sprintId: null,
  estimate: null,
  originalEstimateSeconds: null,
};

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);

/** Applies one event to a state (in place). */
export function applyEvent(state: TaskState, e: TaskEvent): void {
  switch (e.field) {
    case 'live':
      state.live = str(e.value) === null;
      break;
    case 'estimate':
    case 'originalEstimateSeconds':
      state[e.field] = num(e.value);
      break;
    default:
      state[e.field] = str(e.value);
  }
}

function insertSorted<T extends { at: number; order: number }>(list: T[], item: T): void {
  const last = list.at(-1);
  if (!last || last.at < item.at || (last.at === item.at && last.order < item.order)) {
    list.push(item);
    return;
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const m = list[mid] as T;
    if (m.at < item.at || (m.at === item.at && m.order < item.order)) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
}

export class Timelines {
  readonly tasks = new Map<string, TaskLine>();
  readonly columns = new Map<string, ColumnLine>();
  #order = 0;
  /** Entries folded so far (the cost a report saved by not re-reading them). */
  entries = 0;

  /** Folds one entry. A stamp after the arrival is taken as the arrival (docs/REPORTS.md). */
  add(entry: FoldEntry): void {
    this.entries++;
    const at = Math.min(entry.madeAt, entry.arrivedAt);
    const order = this.#order++;
    const [entity, verb] = entry.kind.split('.');
    if (entity === 'task') this.#task(entry, verb, at, order);
    else if (entity === 'column') this.#column(entry, verb, at, order);
  }

  #task(entry: FoldEntry, verb: string | undefined, madeAt: number, order: number): void {
    let at = madeAt;
    let line = this.tasks.get(entry.entityId);
    if (!line) {
      line = { id: entry.entityId, createdAt: null, events: [] };
      this.tasks.set(entry.entityId, line);
    }
    if (verb === 'created') line.createdAt = line.createdAt === null ? at : Math.min(line.createdAt, at);
    // Nothing happens to a task before it exists, whatever the clock of whoever changed it said.
    else if (line.createdAt !== null && at < line.createdAt) at = line.createdAt;
    // A move that lost to a concurrent one never placed the task (SPEC M4).
    if (verb === 'moved' && entry.changes.some((c) => c.field === 'outcome' && c.to === 'lost')) return;
    for (const c of entry.changes) {
      const field = TASK_FIELDS[c.field];
      if (field) insertSorted(line.events, { at, order, field, value: c.to });
    }
  }

  #column(entry: FoldEntry, verb: string | undefined, at: number, order: number): void {
    // Only archiving and restoring: a column's creation carries no stamp of its own (it would count
    // at its arrival), and before it existed it held no tasks anyway.
    if (verb !== 'archived' && verb !== 'restored') return;
    let line = this.columns.get(entry.entityId);
    if (!line) {
      line = { id: entry.entityId, events: [] };
      this.columns.set(entry.entityId, line);
    }
    insertSorted(line.events, { at, order, live: verb === 'restored' });
  }
}

/** A task's state after every event before `cutoff`. */
export function stateBefore(line: TaskLine, cutoff: number): TaskState {
  const state = { ...EMPTY_STATE };
  for (const e of line.events) {
    if (e.at >= cutoff) break;
    applyEvent(state, e);
  }
  return state;
}

/**
 * A task's state at each cutoff (ascending), in one walk of its events: what a day-by-day report
 * reads, for the cost of the task's changes plus the days.
 */
export function statesBefore(line: TaskLine, cutoffs: readonly number[]): TaskState[] {
  const state = { ...EMPTY_STATE };
  const out: TaskState[] = [];
  let i = 0;
  for (const cutoff of cutoffs) {
    while (i < line.events.length && (line.events[i] as TaskEvent).at < cutoff) {
      applyEvent(state, line.events[i] as TaskEvent);
      i++;
    }
    out.push({ ...state });
  }
  return out;
}

/** Whether a column was on the board (not archived) at `cutoff`; before its first archiving, it was. */
export function columnExisted(line: ColumnLine | undefined, cutoff: number): boolean {
  let live = true;
  for (const e of line?.events ?? []) {
    if (e.at >= cutoff) break;
    live = e.live;
  }
  return live;
}
