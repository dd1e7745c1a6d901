/**
 * Reading the update log as history: which row was the newest at a moment (by arrival), the
 * checkpoint to start a replay from, the rows to replay, and where a document's history starts.
 * And the one way rows ever leave the log: a purge of old history, which first keeps the state
 * at its boundary as a checkpoint so every later moment can still be rebuilt.
 */
import type { Database, Statement } from './engine/port.ts';

export type LogRow = { id: number; data: Uint8Array; userId: string | null; arrivedAt: number };
export type Checkpoint = { uptoId: number; data: Uint8Array };
/** Rows up to `uptoId` are gone; their state is the checkpoint at `uptoId`, as of `sinceAt`. */
export type HistoryFloor = { uptoId: number; sinceAt: number };

type RawRow = { id: number; data: Uint8Array; user_id: string | null; received_at: number };

export class HistoryLog {
  readonly #rowAt: Statement<[string, number], { id: number | null }>;
  readonly #floor: Statement<[string], { upto_id: number; since_at: number }>;
  readonly #checkpoint: Statement<[string, number], { upto_id: number; data: Uint8Array }>;
  readonly #rows: Statement<[string, number, number, number], RawRow>;
  readonly #lastId: Statement<[string], { id: number | null }>;
  readonly #snapshotUpto: Statement<[string], { upto_id: number }>;
  readonly #boundary: Statement<[string, number, number], { id: number | null }>;
  readonly #putCheckpoint: Statement<[string, number, Uint8Array, number]>;
  readonly #dropCheckpoints: Statement<[string, number]>;
  readonly #dropRows: Statement<[string, number]>;
  readonly #putFloor: Statement<[string, number, number]>;
  readonly #recordPurge: Statement<[string, number, number, number, string | null, number]>;
  readonly #documents: Statement<[], { document: string }>;
  readonly #view: Statement<[string, number], { upto_id: number; data: string }>;
  readonly #putView: Statement<[string, number, string]>;
  readonly #dropViews: Statement<[string, number]>;
  readonly #size: Statement<[], { rows: number; bytes: number | null }>;

  constructor(db: Database) {
    this.#rowAt = db.prepare('SELECT MAX(id) AS id FROM updates WHERE document = ? AND received_at <= ?');
    this.#floor = db.prepare('SELECT upto_id, since_at FROM history_floor WHERE document = ?');
    this.#checkpoint = db.prepare(
      `SELECT upto_id, data FROM checkpoints WHERE document = ? AND upto_id <= ?
       ORDER BY upto_id DESC LIMIT 1`,
    );
    this.#rows = db.prepare(
      `SELECT id, data, user_id, received_at FROM updates WHERE document = ? AND id > ? AND id <= ?
       ORDER BY id LIMIT ?`,
    );
    this.#lastId = db.prepare('SELECT MAX(id) AS id FROM updates WHERE document = ?');
    this.#snapshotUpto = db.prepare('SELECT upto_id FROM snapshots WHERE document = ?');
    this.#boundary = db.prepare(
      'SELECT MAX(id) AS id FROM updates WHERE document = ? AND received_at < ? AND id <= ?',
    );
    this.#putCheckpoint = db.prepare(
      'INSERT OR REPLACE INTO checkpoints (document, upto_id, data, created_at) VALUES (?, ?, ?, ?)',
    );
    this.#dropCheckpoints = db.prepare('DELETE FROM checkpoints WHERE document = ? AND upto_id < ?');
    this.#dropRows = db.prepare('DELETE FROM updates WHERE document = ? AND id <= ?');
    this.#putFloor = db.prepare(
      `INSERT INTO history_floor (document, upto_id, since_at) VALUES (?, ?, ?)
       ON CONFLICT (document) DO UPDATE SET upto_id = excluded.upto_id, since_at = excluded.since_at`,
    );
    this.#recordPurge = db.prepare(
      `INSERT INTO history_purges (document, before_at, upto_id, rows_deleted, by_user, at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.#documents = db.prepare(
      'SELECT document FROM snapshots UNION SELECT DISTINCT document FROM updates',
    );
    this.#view = db.prepare(
      `SELECT upto_id, data FROM checkpoint_views WHERE document = ? AND upto_id <= ?
       ORDER BY upto_id DESC LIMIT 1`,
    );
    this.#putView = db.prepare(
      'INSERT OR REPLACE INTO checkpoint_views (document, upto_id, data) VALUES (?, ?, ?)',
    );
    this.#dropViews = db.prepare('DELETE FROM checkpoint_views WHERE document = ? AND upto_id < ?');
    this.#size = db.prepare('SELECT COUNT(*) AS rows, SUM(LENGTH(data)) AS bytes FROM updates');
  }

  /** The newest row that had arrived at `at` (ms), or null when none had. */
  rowIdAt(document: string, at: number): number | null {
    return this.#rowAt.get(document, at)?.id ?? null;
  }

  floor(document: string): HistoryFloor | undefined {
    const f = this.#floor.get(document);
    return f && { uptoId: f.upto_id, sinceAt: f.since_at };
  }

  /** The newest checkpoint at or before row `rowId`. */
  checkpointAtOrBefore(document: string, rowId: number): Checkpoint | undefined {
    const c = this.#checkpoint.get(document, rowId);
    return c && { uptoId: c.upto_id, data: c.data };
  }

  /**
   * Rows after `afterId` up to and including `uptoId`, oldest first, at most `limit` of them. An
   * array, not a cursor: callers write between pages, which an open statement would forbid.
   */
  rows(document: string, afterId: number, uptoId: number, limit = Number.MAX_SAFE_INTEGER): LogRow[] {
    return this.#rows
      .all(document, afterId, uptoId, limit)
      .map((r) => ({ id: r.id, data: r.data, userId: r.user_id, arrivedAt: r.received_at }));
  }

  /** The newest stored board view (flat state JSON) at or before row `rowId`. */
  viewAtOrBefore(document: string, rowId: number): { uptoId: number; data: string } | undefined {
    const v = this.#view.get(document, rowId);
    return v && { uptoId: v.upto_id, data: v.data };
  }

  putView(document: string, uptoId: number, data: string): void {
    this.#putView.run(document, uptoId, data);
  }

  lastId(document: string): number | null {
    return this.#lastId.get(document)?.id ?? null;
  }

  /**
   * The newest row a purge of history before `before` may remove: arrived before it and already in
   * the load snapshot (a row the snapshot lacks is needed to load the document). Null: nothing to do.
   */
  purgeBoundary(document: string, before: number): number | null {
    const snapshot = this.#snapshotUpto.get(document)?.upto_id ?? 0;
    const floor = this.floor(document)?.uptoId ?? 0;
    const id = this.#boundary.get(document, before, snapshot)?.id ?? null;
    return id !== null && id > floor ? id : null;
  }

  /**
   * Removes rows up to `boundaryId` and the checkpoints before it, keeping `state` (the document
   * after that row) as the checkpoint history now starts from; records the purge. The caller runs
   * this in one transaction with whatever else the purge removes (activity entries).
   */
  purge(
    document: string,
    p: { boundaryId: number; before: number; state: Uint8Array; by: string | null; now: number },
  ): number {
    this.#putCheckpoint.run(document, p.boundaryId, p.state, p.now);
    this.#dropCheckpoints.run(document, p.boundaryId);
    this.#dropViews.run(document, p.boundaryId);
    const deleted = this.#dropRows.run(document, p.boundaryId).changes;
    this.#putFloor.run(document, p.boundaryId, p.before);
    this.#recordPurge.run(document, p.before, p.boundaryId, deleted, p.by, p.now);
    return deleted;
  }

  /** Every document with stored state. */
  documents(): string[] {
    return this.#documents.all().map((r) => r.document);
  }

  /** How many rows and bytes of updates the log holds (the bench's cost of history). */
  size(): { rows: number; bytes: number } {
    const s = this.#size.get();
    return { rows: s?.rows ?? 0, bytes: s?.bytes ?? 0 };
  }
}
