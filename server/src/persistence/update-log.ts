/**
 * The storage of Yjs documents: an append-only log of updates plus at most one snapshot per
 * document. A document's state is its snapshot merged with every log row after `upto_id`. The log
 * is history (issue 10): compaction writes the snapshot, and every `checkpointEvery` rows a
 * checkpoint, but never deletes a row; only a purge (history-log.ts) does.
 * All methods are synchronous (better-sqlite3), which is what lets the sync layer write an
 * update before the same tick sends its acknowledgement.
 */

import * as Y from 'yjs';
import { type Database, engineOf, type Statement } from './engine/port.ts';

export type StoredDocument = {
  /** Snapshot and log rows merged into one update. */
  state: Uint8Array;
  /** Log rows not yet folded into the snapshot. */
  pendingRows: number;
  /** Their bytes, and the snapshot's: what decides when compaction is due (compaction-policy.ts). */
  pendingBytes: number;
  snapshotBytes: number;
};

type SnapshotRow = { data: Uint8Array; upto_id: number };

/** Who and what an update row records besides its bytes. */
export type RowMeta = {
  /** The Yjs clientID when the update has exactly one author. */
  clientId?: number | null;
  userId?: string | null;
  connectionId?: string | null;
  receivedAt?: number;
};

const SQLITE_APPEND = `INSERT INTO updates (document, data, received_at, client_id, user_id, connection_id)
  VALUES (@document, @data, @receivedAt, @clientId, @userId, @connectionId)`;

/**
 * On PostgreSQL several processes may append to one document (issue 16). A sequence hands out ids
 * at INSERT and they become visible at COMMIT, so without more, id 11 could be read before id 10
 * commits, and a reader of "rows after 10" (compaction, a process catching up) would skip 10 for
 * ever. The document's advisory lock, taken before the id is drawn and held to the end of the
 * transaction, makes one document's ids commit in order; other documents do not wait.
 */
const PG_APPEND = `WITH document_lock AS (SELECT pg_advisory_xact_lock(hashtext(@document::text)))
  INSERT INTO updates (document, data, received_at, client_id, user_id, connection_id)
  SELECT @document::text, @data::bytea, @receivedAt::bigint, @clientId::bigint, @userId::text, @connectionId::text
  FROM document_lock`;

type AppendRow = {
  document: string;
  data: Uint8Array;
  receivedAt: number;
  clientId: number | null;
  userId: string | null;
  connectionId: string | null;
};

export class UpdateLog {
  readonly #db: Database;
  readonly #now: () => number;
  readonly #append: Statement<[AppendRow]>;
  readonly #snapshot: Statement<[string], SnapshotRow>;
  readonly #rowsAfter: Statement<[string, number], { data: Uint8Array }>;
  readonly #lastId: Statement<[string], { id: number | null }>;
  readonly #putSnapshot: Statement<[string, Uint8Array, number, number]>;
  readonly #lastCheckpoint: Statement<[string], { id: number | null }>;
  readonly #countBetween: Statement<[string, number, number], { n: number }>;
  readonly #putCheckpoint: Statement<[string, number, Uint8Array, number]>;
  readonly #touchHealth: Statement<[number]>;
  readonly #compact: (document: string, state: Uint8Array, uptoId: number, every: number) => boolean;

  constructor(db: Database, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
    this.#append = db.prepare(engineOf(db) === 'postgres' ? PG_APPEND : SQLITE_APPEND);
    this.#snapshot = db.prepare('SELECT data, upto_id FROM snapshots WHERE document = ?');
    this.#rowsAfter = db.prepare('SELECT data FROM updates WHERE document = ? AND id > ? ORDER BY id');
    this.#lastId = db.prepare('SELECT MAX(id) AS id FROM updates WHERE document = ?');
    this.#putSnapshot = db.prepare(
      `INSERT INTO snapshots (document, data, upto_id, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (document) DO UPDATE SET data = excluded.data, upto_id = excluded.upto_id, updated_at = excluded.updated_at`,
    );
    this.#lastCheckpoint = db.prepare('SELECT MAX(upto_id) AS id FROM checkpoints WHERE document = ?');
    this.#countBetween = db.prepare(
      'SELECT COUNT(*) AS n FROM updates WHERE document = ? AND id > ? AND id <= ?',
    );
    this.#putCheckpoint = db.prepare(
      'INSERT OR IGNORE INTO checkpoints (document, upto_id, data, created_at) VALUES (?, ?, ?, ?)',
    );
    this.#touchHealth = db.prepare(
      'INSERT INTO health (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at',
    );
    // One transaction: a crash leaves the old snapshot or the new one, each with every row kept.
    this.#compact = db.transaction((document: string, state: Uint8Array, uptoId: number, every: number) => {
      const now = this.#now();
      this.#putSnapshot.run(document, state, uptoId, now);
      const since = this.#lastCheckpoint.get(document)?.id ?? 0;
      if ((this.#countBetween.get(document, since, uptoId)?.n ?? 0) < every) return false;
      this.#putCheckpoint.run(document, uptoId, state, now);
      return true;
    });
  }

  /**
   * Appends one update; returns its row id. Committed (per the synchronous setting) on return.
   * `meta.userId` is who sent it (null: the server's own write), the basis of the audit trail;
   * `connectionId` the connection it came by; `receivedAt` defaults to the log's clock.
   */
  append(document: string, update: Uint8Array, meta: RowMeta = {}): number {
    const run = this.#append.run({
      document,
      data: update,
      receivedAt: meta.receivedAt ?? this.#now(),
      clientId: meta.clientId ?? null,
      userId: meta.userId ?? null,
      connectionId: meta.connectionId ?? null,
    });
    return Number(run.lastInsertRowid);
  }

  /** The clock rows are stamped with (their arrival time). */
  now(): number {
    return this.#now();
  }

  /** The database, for the account stores that share it. */
  get database(): Database {
    return this.#db;
  }

  /** The stored state of a document, or undefined when nothing was ever stored for it. */
  load(document: string): StoredDocument | undefined {
    const snapshot = this.#snapshot.get(document);
    const rows = this.#rowsAfter.all(document, snapshot?.upto_id ?? 0).map((r) => r.data);
    if (!snapshot && rows.length === 0) return undefined;
    const parts = snapshot ? [snapshot.data, ...rows] : rows;
    return {
      state: parts.length === 1 ? (parts[0] as Uint8Array) : Y.mergeUpdates(parts),
      pendingRows: rows.length,
      pendingBytes: rows.reduce((n, r) => n + r.byteLength, 0),
      snapshotBytes: snapshot?.data.byteLength ?? 0,
    };
  }

  /** The id of the document's newest log row, or null when its log is empty. */
  lastId(document: string): number | null {
    return this.#lastId.get(document)?.id ?? null;
  }

  /**
   * Replaces the snapshot with `state`, which must equal the old snapshot merged with every row up
   * to `uptoId`, and keeps it as a checkpoint too when `checkpointEvery` rows or more arrived since
   * the last one (returns whether it did). Rows are kept.
   */
  compact(
    document: string,
    state: Uint8Array,
    uptoId: number,
    checkpointEvery = Number.POSITIVE_INFINITY,
  ): boolean {
    return this.#compact(document, state, uptoId, checkpointEvery);
  }

  /** A real write, for /readyz: throws when the database cannot take writes. */
  touchHealth(): void {
    this.#touchHealth.run(this.#now());
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
