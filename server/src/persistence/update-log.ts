/**
 * The storage of Yjs documents: an append-only log of updates plus at most one snapshot per
 * document. A document's state is its snapshot merged with every log row after `upto_id`.
 * All methods are synchronous (better-sqlite3), which is what lets the sync layer write an
 * update before the same tick sends its acknowledgement.
 */
import type Database from 'better-sqlite3';
import * as Y from 'yjs';

export type StoredDocument = {
  /** Snapshot and log rows merged into one update. */
  state: Uint8Array;
  /** Log rows not yet folded into the snapshot. */
  pendingRows: number;
};

type SnapshotRow = { data: Uint8Array; upto_id: number };

export class UpdateLog {
  readonly #db: Database.Database;
  readonly #now: () => number;
  readonly #append: Database.Statement<[string, Uint8Array, number, number | null, string | null]>;
  readonly #snapshot: Database.Statement<[string], SnapshotRow>;
  readonly #rowsAfter: Database.Statement<[string, number], { data: Uint8Array }>;
  readonly #lastId: Database.Statement<[string], { id: number | null }>;
  readonly #putSnapshot: Database.Statement<[string, Uint8Array, number, number]>;
  readonly #deleteUpTo: Database.Statement<[string, number]>;
  readonly #touchHealth: Database.Statement<[number]>;
  readonly #compact: (document: string, state: Uint8Array, uptoId: number) => void;

  constructor(db: Database.Database, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
    this.#append = db.prepare(
      'INSERT INTO updates (document, data, received_at, client_id, user_id) VALUES (?, ?, ?, ?, ?)',
    );
    this.#snapshot = db.prepare('SELECT data, upto_id FROM snapshots WHERE document = ?');
    this.#rowsAfter = db.prepare('SELECT data FROM updates WHERE document = ? AND id > ? ORDER BY id');
    this.#lastId = db.prepare('SELECT MAX(id) AS id FROM updates WHERE document = ?');
    this.#putSnapshot = db.prepare(
      `INSERT INTO snapshots (document, data, upto_id, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (document) DO UPDATE SET data = excluded.data, upto_id = excluded.upto_id, updated_at = excluded.updated_at`,
    );
    this.#deleteUpTo = db.prepare('DELETE FROM updates WHERE document = ? AND id <= ?');
    this.#touchHealth = db.prepare(
      'INSERT INTO health (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at',
    );
    // One transaction: a crash leaves either the old snapshot with its rows or the new one without.
    this.#compact = db.transaction((document: string, state: Uint8Array, uptoId: number) => {
      this.#putSnapshot.run(document, state, uptoId, this.#now());
      this.#deleteUpTo.run(document, uptoId);
    });
  }

  /**
   * Appends one update; returns its row id. Committed (per the synchronous setting) on return.
   * `userId` is who sent it (null: the server's own write), the basis of the audit trail.
   */
  append(
    document: string,
    update: Uint8Array,
    clientId: number | null = null,
    userId: string | null = null,
  ): number {
    return Number(this.#append.run(document, update, this.#now(), clientId, userId).lastInsertRowid);
  }

  /** The database, for the account stores that share it. */
  get database(): Database.Database {
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
    };
  }

  /** The id of the document's newest log row, or null when its log is empty. */
  lastId(document: string): number | null {
    return this.#lastId.get(document)?.id ?? null;
  }

  /**
   * Replaces the snapshot with `state`, which must equal the old snapshot merged with every row up
   * to `uptoId`, and deletes those rows.
   */
  compact(document: string, state: Uint8Array, uptoId: number): void {
    this.#compact(document, state, uptoId);
  }

  /** A real write, for /readyz: throws when the database cannot take writes. */
  touchHealth(): void {
    this.#touchHealth.run(this.#now());
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
