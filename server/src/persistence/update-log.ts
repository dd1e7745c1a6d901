/**
 * The storage of Yjs documents: an append-only log of updates plus at most one snapshot per
 * document. A document's state is its snapshot merged with every log row after `upto_id`. The log
 * is history (issue 10): compaction writes the snapshot, and every `checkpointEvery` rows a
 * checkpoint, but never deletes a row; only a purge (history-log.ts) does.
 * All methods are synchronous (better-sqlite3), which is what lets the sync layer write an
 * update before the same tick sends its acknowledgement.
 *
 * Each row also has a `seq` (migration 13): its position in the document's log, dense (1, 2, 3, …)
 * and given out in commit order, because it is drawn from the document's head row, which the
 * append transaction holds locked until it commits. Processes that follow a document (issue 16,
 * cluster/doc-bus.ts) read "after seq n" and can tell a gap from the end.
 */

import * as Y from 'yjs';
import { type Database, engineOf, type Statement } from './engine/port.ts';

export type StoredDocument = {
  /** Snapshot and log rows merged into one update. */
  state: Uint8Array;
  /** The seq of the newest row `state` holds: every row up to it, none after (0: none yet). */
  headSeq: number;
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

/** Takes the document's next seq; the row stays locked until the append's transaction ends. */
const SQLITE_NEXT_SEQ = `INSERT INTO document_heads (document, head) VALUES (?, 1)
  ON CONFLICT (document) DO UPDATE SET head = document_heads.head + 1 RETURNING head`;

const SQLITE_APPEND = `INSERT INTO updates (document, seq, data, received_at, client_id, user_id, connection_id)
  VALUES (@document, @seq, @data, @receivedAt, @clientId, @userId, @connectionId)`;

/**
 * On PostgreSQL several processes append to one document (issue 16). One statement: the head row's
 * upsert draws the seq and locks the row until COMMIT, so a second append to the same document
 * waits there, before its id is drawn by the INSERT that reads the head. Both the seqs and the ids
 * of one document therefore commit in order (a reader of "rows after n", by seq or by id, never
 * skips one that commits later); other documents do not wait.
 */
const PG_APPEND = `WITH head AS (
    INSERT INTO document_heads (document, head) VALUES (@document::text, 1)
    ON CONFLICT (document) DO UPDATE SET head = document_heads.head + 1
    RETURNING head)
  INSERT INTO updates (document, seq, data, received_at, client_id, user_id, connection_id)
  SELECT @document::text, head.head, @data::bytea, @receivedAt::bigint, @clientId::bigint, @userId::text, @connectionId::text
  FROM head
  RETURNING id, seq`;

/** A stored row's place in the log: its id (global) and its seq (in its document). */
export type AppendedPosition = { id: number; seq: number };

/** One row of a document's log, for a process catching up (cluster/doc-bus.ts's `readSince`). */
export type SeqRow = { seq: number; update: Uint8Array };

type AppendRow = {
  document: string;
  seq?: number;
  data: Uint8Array;
  receivedAt: number;
  clientId: number | null;
  userId: string | null;
  connectionId: string | null;
};

export class UpdateLog {
  readonly #db: Database;
  readonly #now: () => number;
  readonly #appendRow: (row: AppendRow) => AppendedPosition;
  readonly #snapshot: Statement<[string], SnapshotRow>;
  readonly #head: Statement<[string], { head: number }>;
  readonly #rowsAfter: Statement<[string, number, number], { data: Uint8Array }>;
  readonly #rowsSince: Statement<[string, number], { seq: number; data: Uint8Array }>;
  readonly #idAtSeq: Statement<[string, number], { id: number }>;
  readonly #hasRow: Statement<[string, number, number], { one: number }>;
  readonly #lockHead: Statement<[string], { head: number }>;
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
    if (engineOf(db) === 'postgres') {
      const append = db.prepare<[AppendRow], AppendedPosition>(PG_APPEND);
      this.#appendRow = (row) => append.get(row) as AppendedPosition;
    } else {
      const nextSeq = db.prepare<[string], { head: number }>(SQLITE_NEXT_SEQ);
      const append = db.prepare<[AppendRow]>(SQLITE_APPEND);
      this.#appendRow = db.transaction((row: AppendRow): AppendedPosition => {
        const seq = nextSeq.get(row.document)?.head ?? 1;
        const id = Number(append.run({ ...row, seq }).lastInsertRowid);
        return { id, seq };
      });
    }
    this.#snapshot = db.prepare('SELECT data, upto_id FROM snapshots WHERE document = ?');
    this.#head = db.prepare('SELECT head FROM document_heads WHERE document = ?');
    this.#rowsAfter = db.prepare(
      // seq NULL: a row written without one (by hand, or a tool from before migration 13).
      'SELECT data FROM updates WHERE document = ? AND id > ? AND (seq <= ? OR seq IS NULL) ORDER BY id',
    );
    this.#rowsSince = db.prepare('SELECT seq, data FROM updates WHERE document = ? AND seq > ? ORDER BY seq');
    // An upsert that changes nothing still locks the row on PostgreSQL (and writes on SQLite, whose
    // transaction then holds the database's one write lock).
    this.#lockHead = db.prepare(
      `INSERT INTO document_heads (document, head) VALUES (?, 0)
       ON CONFLICT (document) DO UPDATE SET head = document_heads.head RETURNING head`,
    );
    this.#hasRow = db.prepare('SELECT 1 AS one FROM updates WHERE document = ? AND id = ? AND seq = ?');
    this.#idAtSeq = db.prepare(
      'SELECT id FROM updates WHERE document = ? AND seq <= ? ORDER BY seq DESC LIMIT 1',
    );
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
    return this.appendRow(document, update, meta).id;
  }

  /** As `append`, and also returns the row's seq in its document. */
  appendRow(document: string, update: Uint8Array, meta: RowMeta = {}): AppendedPosition {
    return this.#appendRow({
      document,
      data: update,
      receivedAt: meta.receivedAt ?? this.#now(),
      clientId: meta.clientId ?? null,
      userId: meta.userId ?? null,
      connectionId: meta.connectionId ?? null,
    });
  }

  /** The document's rows after seq `afterSeq`, in seq order (committed ones: a later one may follow). */
  readSince(document: string, afterSeq: number): SeqRow[] {
    return this.#rowsSince.all(document, afterSeq).map((r) => ({ seq: r.seq, update: r.data }));
  }

  /**
   * Inside a transaction: holds the document's head row (made at 0 if missing) until it ends, so no
   * other process appends to the document meanwhile (they wait at the same row).
   */
  lockHead(document: string): void {
    this.#lockHead.get(document);
  }

  /** Whether the row appended at (`id`, `seq`) is committed (a writer's own transaction may have rolled it back). */
  hasRow(document: string, id: number, seq: number): boolean {
    return this.#hasRow.get(document, id, seq) !== undefined;
  }

  /** The id of the document's newest row at or before seq `seq` (null: none): what a snapshot of that seq covers. */
  idAtSeq(document: string, seq: number): number | null {
    return this.#idAtSeq.get(document, seq)?.id ?? null;
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
    // Three reads that other processes may append between, in the order that keeps them
    // consistent without a snapshot isolation level: the snapshot first (it holds rows committed
    // before it was written, so at most the head read next), then the head (every row up to it is
    // committed: each commits with its head), then the rows between, capped at the head.
    const snapshot = this.#snapshot.get(document);
    const headSeq = this.#head.get(document)?.head ?? 0;
    const rows = this.#rowsAfter.all(document, snapshot?.upto_id ?? 0, headSeq).map((r) => r.data);
    if (!snapshot && rows.length === 0) return undefined;
    const parts = snapshot ? [snapshot.data, ...rows] : rows;
    return {
      state: parts.length === 1 ? (parts[0] as Uint8Array) : Y.mergeUpdates(parts),
      headSeq,
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
