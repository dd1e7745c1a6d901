/**
 * `task_schedule`: the projection's rows plus when each needs the ticker next. Replacing a
 * workspace's rows is one transaction, so the ticker never sees half a workspace. Also
 * `schedule_stale`, the workspaces whose stored changes the rows do not reflect yet.
 */
import type { Database, Statement } from '../persistence/engine/port.ts';
import { ProjectionMarks } from '../persistence/projection-marks.ts';
import type { FiredStore } from './fired-store.ts';
import type { PartialProjection, ScheduleRow } from './projection.ts';
import { nextOccurrenceAt, parseRecurrenceRule, scheduleIdentity } from './recurrence.ts';
import { nextReminderAt, type ReminderSettings } from './reminder-chain.ts';

type DbRow = {
  workspace_id: string;
  task_id: string;
  project_id: string;
  title: string;
  task_key: string | null;
  deadline: string | null;
  deadline_at: number | null;
  time_zone: string;
  assignee: string | null;
  created_by: string;
  done: number;
  archived: number;
  recurrence: string | null;
  recurrence_since: number | null;
  next_reminder_at: number | null;
  next_occurrence_at: number | null;
};

export type ScheduleRecord = ScheduleRow & {
  recurrenceSince: number | null;
  nextReminderAt: number | null;
  nextOccurrenceAt: number | null;
};

type Existing = { task_id: string; recurrence: string | null; recurrence_since: number | null };

function toRecord(r: DbRow): ScheduleRecord {
  return {
    workspaceId: r.workspace_id,
    taskId: r.task_id,
    projectId: r.project_id,
    title: r.title,
    taskKey: r.task_key,
    deadline: r.deadline,
    deadlineAt: r.deadline_at,
    timeZone: r.time_zone,
    assignee: r.assignee,
    createdBy: r.created_by,
    done: r.done === 1,
    archived: r.archived === 1,
    // Re-validated on the way out: the table could predate a stricter rule schema.
    recurrence: r.recurrence === null ? null : parseRecurrenceRule(JSON.parse(r.recurrence)),
    recurrenceSince: r.recurrence_since,
    nextReminderAt: r.next_reminder_at,
    nextOccurrenceAt: r.next_occurrence_at,
  };
}

/**
 * When the ticker should next create an occurrence of this rule: the first occurrence after
 * whichever is later, the last one created or the moment the schedule took its current form.
 */
export function occurrenceCursor(since: number | null, lastCreated: number | null): number {
  return Math.max(since ?? 0, lastCreated ?? 0);
}

export class ScheduleStore {
  readonly #db: Database;
  readonly #fired: FiredStore;
  /** Prepared once: it runs inside every document update's append (the sync hot path). */
  readonly #markStale: Statement<[string]>;
  readonly #upsert: Statement<unknown[]>;
  readonly #deleteRow: Statement<[string, string]>;
  readonly #existing: Statement<[string, string], Existing>;
  /** The log row each workspace's rows were built from: a load rebuilds them only when behind. */
  readonly marks: ProjectionMarks;

  constructor(db: Database, fired: FiredStore) {
    this.#db = db;
    this.#fired = fired;
    this.marks = new ProjectionMarks(db, 'schedule');
    this.#markStale = db.prepare('INSERT OR IGNORE INTO schedule_stale (workspace_id) VALUES (?)');
    this.#upsert = db.prepare(
      `INSERT OR REPLACE INTO task_schedule (workspace_id, task_id, project_id, title, task_key, deadline,
         deadline_at, time_zone, assignee, created_by, done, archived, recurrence, recurrence_since,
         next_reminder_at, next_occurrence_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#deleteRow = db.prepare('DELETE FROM task_schedule WHERE workspace_id = ? AND task_id = ?');
    this.#existing = db.prepare(
      'SELECT task_id, recurrence, recurrence_since FROM task_schedule WHERE workspace_id = ? AND task_id = ?',
    );
  }

  /**
   * Makes the workspace's rows exactly `rows`. `now` dates a rule that is new or whose schedule
   * changed: occurrences before it are not "missed", so setting a daily rule does not backfill.
   */
  replaceWorkspace(
    workspaceId: string,
    rows: readonly ScheduleRow[],
    settings: ReminderSettings,
    now: number,
  ): void {
    const existing = new Map(
      this.#db
        .prepare<[string], Existing>(
          'SELECT task_id, recurrence, recurrence_since FROM task_schedule WHERE workspace_id = ?',
        )
        .all(workspaceId)
        .map((r) => [r.task_id, r]),
    );
    this.#db
      .transaction(() => {
        this.#db.prepare('DELETE FROM task_schedule WHERE workspace_id = ?').run(workspaceId);
        for (const row of rows) this.#write(workspaceId, row, existing.get(row.taskId), settings, now);
      })
      .immediate();
  }

  /** One row as `replaceWorkspace` writes it, given what the table held for the task before. */
  #write(
    workspaceId: string,
    row: ScheduleRow,
    before: Existing | undefined,
    settings: ReminderSettings,
    now: number,
  ): void {
    if (row.workspaceId !== workspaceId) throw new Error('row from another workspace');
    const fired =
      row.deadlineAt === null
        ? new Set<never>()
        : this.#fired.firedKinds(workspaceId, row.taskId, row.deadlineAt);
    let since: number | null = null;
    let nextOccurrence: number | null = null;
    // An archived task (or project) stops repeating; restoring it resumes from now.
    if (row.recurrence && !row.archived) {
      const old = before?.recurrence ? parseRecurrenceRule(JSON.parse(before.recurrence)) : null;
      const same = old !== null && scheduleIdentity(old) === scheduleIdentity(row.recurrence);
      since = same ? (before?.recurrence_since ?? now) : now;
      const cursor = occurrenceCursor(since, this.#fired.lastOccurrenceAt(workspaceId, row.taskId));
      nextOccurrence = nextOccurrenceAt(row.recurrence, cursor);
    }
    this.#upsert.run(
      workspaceId,
      row.taskId,
      row.projectId,
      row.title,
      row.taskKey ?? null,
      row.deadline,
      row.deadlineAt,
      row.timeZone,
      row.assignee,
      row.createdBy,
      row.done ? 1 : 0,
      row.archived ? 1 : 0,
      row.recurrence ? JSON.stringify(row.recurrence) : null,
      since,
      nextReminderAt(row, settings, fired),
      nextOccurrence,
    );
  }

  /**
   * Rewrites only these tasks' rows (and deletes the rows of `removed`), each exactly as
   * `replaceWorkspace` would write it, clears the stale mark and marks the rows as built from log
   * row `uptoId`, in one transaction: what a burst of edits touched costs those tasks, not the
   * workspace (issue 13).
   */
  applyProjected(
    workspaceId: string,
    projection: PartialProjection,
    settings: ReminderSettings,
    now: number,
    uptoId: number | null,
  ): void {
    this.#db
      .transaction(() => {
        for (const taskId of projection.removed) this.#deleteRow.run(workspaceId, taskId);
        for (const row of projection.rows) {
          const before = this.#existing.get(workspaceId, row.taskId);
          this.#write(workspaceId, row, before, settings, now);
        }
        this.clearStale(workspaceId);
        this.marks.set(workspaceId, uptoId);
      })
      .immediate();
  }

  /**
   * The tasks the workspace's rows name (those of one project, if given): the only tasks a change
   * to a project (its columns, key or archiving) can change the rows of, since a task without a
   * deadline or a rule has no row before or after.
   */
  scheduledTaskIds(workspaceId: string, projectId?: string): string[] {
    const rows =
      projectId === undefined
        ? this.#db
            .prepare<[string], { task_id: string }>(
              'SELECT task_id FROM task_schedule WHERE workspace_id = ?',
            )
            .all(workspaceId)
        : this.#db
            .prepare<[string, string], { task_id: string }>(
              'SELECT task_id FROM task_schedule WHERE workspace_id = ? AND project_id = ?',
            )
            .all(workspaceId, projectId);
    return rows.map((r) => r.task_id);
  }

  /**
   * Runs `fn` in one IMMEDIATE transaction on the schedule's database: the write lock comes before
   * the first read, so a second ticker on the same file waits instead of racing. The other stores
   * on this database join it.
   */
  withWriteLock<T>(fn: () => T): T {
    return this.#db.transaction(fn).immediate();
  }

  /**
   * `replaceWorkspace`, and the workspace is no longer stale (`markStale`) and its rows are those
   * of log row `uptoId`, in one transaction: what a projection wrote and the marks of what it is
   * owed are never out of step.
   */
  replaceProjected(
    workspaceId: string,
    rows: readonly ScheduleRow[],
    settings: ReminderSettings,
    now: number,
    uptoId: number | null,
  ): void {
    this.#db.transaction(() => {
      this.replaceWorkspace(workspaceId, rows, settings, now);
      this.clearStale(workspaceId);
      this.marks.set(workspaceId, uptoId);
    })();
  }

  /**
   * In the transaction that appends a document update: the workspace's rows lag behind what is
   * stored until the next projection, so a crash inside the debounce is caught up at start.
   */
  markStale(workspaceId: string): void {
    this.#markStale.run(workspaceId);
  }

  /** Workspaces with stored changes not yet projected. */
  staleWorkspaces(): string[] {
    return this.#db
      .prepare<[], { workspace_id: string }>('SELECT workspace_id FROM schedule_stale')
      .all()
      .map((r) => r.workspace_id);
  }

  clearStale(workspaceId: string): void {
    this.#db.prepare('DELETE FROM schedule_stale WHERE workspace_id = ?').run(workspaceId);
  }

  removeWorkspace(workspaceId: string): void {
    this.#db.prepare('DELETE FROM task_schedule WHERE workspace_id = ?').run(workspaceId);
  }

  get(workspaceId: string, taskId: string): ScheduleRecord | undefined {
    const row = this.#db
      .prepare<[string, string], DbRow>('SELECT * FROM task_schedule WHERE workspace_id = ? AND task_id = ?')
      .get(workspaceId, taskId);
    return row && toRecord(row);
  }

  /** Rows with a reminder due at `now`, most overdue first. Uses the partial index only. */
  dueReminders(now: number, limit: number): ScheduleRecord[] {
    return this.#db
      .prepare<[number, number], DbRow>(
        `SELECT * FROM task_schedule WHERE next_reminder_at IS NOT NULL AND next_reminder_at <= ?
         ORDER BY next_reminder_at LIMIT ?`,
      )
      .all(now, limit)
      .map(toRecord);
  }

  /** Rows with an occurrence due at `now`, oldest first. */
  dueOccurrences(now: number, limit: number): ScheduleRecord[] {
    return this.#db
      .prepare<[number, number], DbRow>(
        `SELECT * FROM task_schedule WHERE next_occurrence_at IS NOT NULL AND next_occurrence_at <= ?
         ORDER BY next_occurrence_at LIMIT ?`,
      )
      .all(now, limit)
      .map(toRecord);
  }

  setNextReminder(workspaceId: string, taskId: string, at: number | null): void {
    this.#db
      .prepare('UPDATE task_schedule SET next_reminder_at = ? WHERE workspace_id = ? AND task_id = ?')
      .run(at, workspaceId, taskId);
  }

  setNextOccurrence(workspaceId: string, taskId: string, at: number | null): void {
    this.#db
      .prepare('UPDATE task_schedule SET next_occurrence_at = ? WHERE workspace_id = ? AND task_id = ?')
      .run(at, workspaceId, taskId);
  }

  /** The earliest pending instant of anything, so a ticker can sleep until then. */
  nextWakeAt(): number | null {
    const r = this.#db
      .prepare<[], { a: number | null; b: number | null }>(
        `SELECT (SELECT MIN(next_reminder_at) FROM task_schedule WHERE next_reminder_at IS NOT NULL) AS a,
                (SELECT MIN(next_occurrence_at) FROM task_schedule WHERE next_occurrence_at IS NOT NULL) AS b`,
      )
      .get();
    const xs = [r?.a, r?.b].filter((x): x is number => typeof x === 'number');
    return xs.length ? Math.min(...xs) : null;
  }
}
