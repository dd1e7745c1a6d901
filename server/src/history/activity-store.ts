/**
 * The activity projection's table: field-level entries per stored update (activity-projector.ts
 * writes them in the update's own transaction), the per-document cursor of the newest row
 * projected, and the queries the History tab and the Activity page page through.
 *
 * Paging is by keyset, never by offset: a cursor names the last entry seen (arrival time, source,
 * id), so a page costs the same at the end of a long history as at its start.
 */
import type { DocChange } from '@taskflow/model';
import type { Database, Statement } from '../persistence/engine/port.ts';

export type StoredEntry = {
  id: number;
  kind: string;
  entityId: string;
  taskId: string | null;
  projectId: string | null;
  actorId: string | null;
  madeAt: number;
  arrivedAt: number;
  changes: { field: string; from: unknown; to: unknown }[];
};

/** Where a page ends: the last entry's arrival, its source (0 the document, 1 the ticker) and id. */
export type PageKey = { at: number; src: number; id: number };

export type ActivityFilter = {
  actorId?: string | undefined;
  projectId?: string | undefined;
  /** `task`, `comment`, … (a kind's prefix) or a whole kind. */
  kind?: string | undefined;
  since?: number | undefined;
  until?: number | undefined;
};

type Row = {
  id: number;
  kind: string;
  entity_id: string;
  task_id: string | null;
  project_id: string | null;
  actor_id: string | null;
  made_at: number | null;
  arrived_at: number;
  changes: string;
};

const COLUMNS = 'id, kind, entity_id, task_id, project_id, actor_id, made_at, arrived_at, changes';

/** An entry's field changes as stored; a row we wrote ourselves, unreadable only if the file was edited. */
function parseChanges(json: string): StoredEntry['changes'] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? (parsed as StoredEntry['changes']) : [];
  } catch {
    return [];
  }
}

function entry(r: Row): StoredEntry {
  const changes = parseChanges(r.changes);
  return {
    id: r.id,
    kind: r.kind,
    entityId: r.entity_id,
    taskId: r.task_id,
    projectId: r.project_id,
    actorId: r.actor_id,
    madeAt: r.made_at ?? r.arrived_at,
    arrivedAt: r.arrived_at,
    changes,
  };
}

/** Where a fold of the entries stands: the last entry read (its update row and position). */
export type EntryKey = { row: number; seq: number };
export type FoldedEntry = Pick<StoredEntry, 'kind' | 'entityId' | 'madeAt' | 'arrivedAt' | 'changes'>;
type AfterRow = {
  row_id: number;
  seq: number;
  kind: string;
  entity_id: string;
  made_at: number | null;
  arrived_at: number;
  changes: string;
};

/** A model change, or an event of history itself (`history.purged`). */
export type EntryChange = Omit<DocChange, 'kind'> & { kind: string };
export type EntryInput = { change: EntryChange; actorId: string | null };

export class ActivityStore {
  readonly #db: Database;
  readonly #insert: Statement<
    [
      string,
      number,
      number,
      string,
      string,
      string | null,
      string | null,
      string | null,
      number | null,
      number,
      string,
    ]
  >;
  readonly #redact: Statement<[string, string]>;
  readonly #cursor: Statement<[string], { upto_id: number }>;
  readonly #setCursor: Statement<[string, number]>;
  readonly #taskPage: Statement<[string, string, number, number, number, number, number], Row>;
  readonly #purge: Statement<[string, number]>;
  readonly #after: Statement<[string, number, number, number, number], AfterRow>;
  readonly #count: Statement<[string], { n: number }>;
  readonly #between: Statement<
    [string, number, number],
    { kind: string; entity_id: string; changes: string }
  >;

  constructor(db: Database) {
    this.#db = db;
    this.#insert = db.prepare(
      `INSERT OR IGNORE INTO activity
         (document, row_id, seq, kind, entity_id, task_id, project_id, actor_id, made_at, arrived_at, changes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // A deleted comment's text must never be shown again, not even as an old entry's "to".
    this.#redact = db.prepare(
      `UPDATE activity SET changes = '[]'
       WHERE document = ? AND entity_id = ? AND kind IN ('comment.added', 'comment.edited')`,
    );
    this.#cursor = db.prepare('SELECT upto_id FROM activity_cursor WHERE document = ?');
    this.#setCursor = db.prepare(
      `INSERT INTO activity_cursor (document, upto_id) VALUES (?, ?)
       ON CONFLICT (document) DO UPDATE SET upto_id = MAX(activity_cursor.upto_id, excluded.upto_id)`,
    );
    this.#taskPage = db.prepare(
      `SELECT ${COLUMNS} FROM activity WHERE document = ? AND task_id = ?
         AND (arrived_at > ? OR (arrived_at = ? AND ? = 0 AND id > ?))
       ORDER BY arrived_at, id LIMIT ?`,
    );
    this.#purge = db.prepare('DELETE FROM activity WHERE document = ? AND row_id <= ?');
    this.#after = db.prepare(
      `SELECT row_id, seq, kind, entity_id, made_at, arrived_at, changes FROM activity
       WHERE document = ? AND (row_id > ? OR (row_id = ? AND seq > ?))
       ORDER BY row_id, seq LIMIT ?`,
    );
    this.#count = db.prepare('SELECT COUNT(*) AS n FROM activity WHERE document = ?');
    this.#between = db.prepare(
      `SELECT kind, entity_id, changes FROM activity WHERE document = ? AND row_id > ? AND row_id <= ?
       ORDER BY row_id, seq`,
    );
  }

  /** Writes one stored update's entries (idempotent per row) and moves the cursor to it. */
  write(document: string, row: { id: number; arrivedAt: number }, entries: readonly EntryInput[]): void {
    entries.forEach(({ change: c, actorId }, seq) => {
      const made = c.madeAt === null ? null : Date.parse(c.madeAt);
      this.#insert.run(
        document,
        row.id,
        seq,
        c.kind,
        c.entityId,
        c.taskId,
        c.projectId,
        actorId,
        made !== null && Number.isFinite(made) ? made : null,
        row.arrivedAt,
        JSON.stringify(c.changes),
      );
      if (c.kind === 'comment.deleted') this.#redact.run(document, c.entityId);
    });
    this.#setCursor.run(document, row.id);
  }

  /** The newest update row whose entries are stored, or undefined when none ever was. */
  cursor(document: string): number | undefined {
    return this.#cursor.get(document)?.upto_id;
  }

  /** A task's entries after `after`, oldest first. */
  taskPage(document: string, taskId: string, after: PageKey | null, limit: number): StoredEntry[] {
    const k = after ?? { at: Number.MIN_SAFE_INTEGER, src: 0, id: 0 };
    // Entries of the ticker (src 1) sort after the document's at the same instant.
    return this.#taskPage.all(document, taskId, k.at, k.at, k.src, k.id, limit).map(entry);
  }

  /** The workspace's entries before `before`, newest first, filtered. */
  workspacePage(
    document: string,
    filter: ActivityFilter,
    before: PageKey | null,
    limit: number,
  ): StoredEntry[] {
    const where = ['document = @document'];
    const params: Record<string, string | number> = { document, limit };
    if (before) {
      where.push('(arrived_at < @at OR (arrived_at = @at AND id < @id))');
      params.at = before.at;
      params.id = before.id;
    }
    if (filter.actorId !== undefined) {
      where.push('actor_id = @actor');
      params.actor = filter.actorId;
    }
    if (filter.projectId !== undefined) {
      where.push('project_id = @project');
      params.project = filter.projectId;
    }
    if (filter.kind !== undefined) {
      where.push("(kind = @kind OR kind LIKE @kindPrefix ESCAPE '\\')");
      params.kind = filter.kind;
      params.kindPrefix = `${filter.kind.replace(/[\\%_]/g, (m) => `\\${m}`)}.%`;
    }
    if (filter.since !== undefined) {
      where.push('arrived_at >= @since');
      params.since = filter.since;
    }
    if (filter.until !== undefined) {
      where.push('arrived_at <= @until');
      params.until = filter.until;
    }
    const sql = `SELECT ${COLUMNS} FROM activity WHERE ${where.join(' AND ')}
                 ORDER BY arrived_at DESC, id DESC LIMIT @limit`;
    return (this.#db.prepare(sql).all(params) as Row[]).map(entry);
  }

  /** Every entry of rows after `afterRow` up to `uptoRow`, in the order they were made. */
  changesBetween(
    document: string,
    afterRow: number,
    uptoRow: number,
  ): Pick<StoredEntry, 'kind' | 'entityId' | 'changes'>[] {
    return this.#between.all(document, afterRow, uptoRow).map((r) => ({
      kind: r.kind,
      entityId: r.entity_id,
      changes: parseChanges(r.changes),
    }));
  }

  /**
   * Entries stored after `after` (an update row and an entry's position in it), in the order they
   * were stored: what the reports' timelines fold (server/src/reports/).
   */
  entriesAfter(document: string, after: EntryKey, limit: number): (EntryKey & FoldedEntry)[] {
    return this.#after.all(document, after.row, after.row, after.seq, limit).map((r) => ({
      row: r.row_id,
      seq: r.seq,
      kind: r.kind,
      entityId: r.entity_id,
      madeAt: r.made_at ?? r.arrived_at,
      arrivedAt: r.arrived_at,
      changes: parseChanges(r.changes),
    }));
  }

  /** Removes the entries of rows up to `rowId` (a purge of old history). */
  purgeUpTo(document: string, rowId: number): number {
    return this.#purge.run(document, rowId).changes;
  }

  count(document: string): number {
    return this.#count.get(document)?.n ?? 0;
  }
}
