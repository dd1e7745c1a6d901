/**
 * A document as it was after any stored row: the newest checkpoint at or before the row, plus
 * the rows after it. Scrubbing through time asks for neighbouring moments one after another, so the
 * last state built per document is kept and rolled forward when the next request is later and no
 * checkpoint is closer; a request for an earlier moment starts again from a checkpoint.
 */
import * as Y from 'yjs';
import { ApiError } from '../errors.ts';
import type { HistoryLog } from '../persistence/history-log.ts';

type Cached = { rowId: number; doc: Y.Doc };

/** Which row ends the history at a moment, and when history (as kept) begins. */
export type Moment = { rowId: number };

export class PastStates {
  readonly #log: HistoryLog;
  readonly #cache = new Map<string, Cached>();
  readonly #cacheSize: number;

  constructor(log: HistoryLog, cacheSize = 8) {
    this.#log = log;
    this.#cacheSize = cacheSize;
  }

  /**
   * The newest row that had arrived at `at` (ms). Throws a 400 when `at` is before the history
   * kept for the document (compacted away before history was kept, or purged).
   */
  momentAt(document: string, at: number): Moment {
    const floor = this.#log.floor(document);
    if (floor && at < floor.sinceAt)
      throw new ApiError(
        'invalid_input',
        `History before ${new Date(floor.sinceAt).toISOString()} is not kept for this workspace.`,
      );
    const rowId = this.#log.rowIdAt(document, at);
    return { rowId: Math.max(rowId ?? 0, floor?.uptoId ?? 0) };
  }

  /**
   * The document after row `rowId` (0: before anything was stored). Read it before the next call:
   * the copy is reused and may move on.
   */
  stateAfter(document: string, rowId: number): Y.Doc {
    const cached = this.#cache.get(document);
    const checkpoint = this.#log.checkpointAtOrBefore(document, rowId);
    let base: Cached;
    if (cached && cached.rowId <= rowId && (checkpoint?.uptoId ?? 0) <= cached.rowId) {
      base = cached;
    } else {
      cached?.doc.destroy();
      const doc = new Y.Doc({ gc: true });
      if (checkpoint) Y.applyUpdate(doc, checkpoint.data);
      base = { rowId: checkpoint?.uptoId ?? 0, doc };
    }
    const rows: Uint8Array[] = [];
    for (const row of this.#log.rows(document, base.rowId, rowId)) rows.push(row.data);
    if (rows.length > 0)
      Y.applyUpdate(base.doc, rows.length === 1 ? (rows[0] as Uint8Array) : Y.mergeUpdates(rows));
    base.rowId = rowId;
    this.#remember(document, base);
    return base.doc;
  }

  /** The document after `rowId`, encoded (a purge's checkpoint, a replay's start). */
  encodedStateAfter(document: string, rowId: number): Uint8Array {
    return Y.encodeStateAsUpdate(this.stateAfter(document, rowId));
  }

  /** A document after `rowId` that the caller owns (and destroys). */
  copyAfter(document: string, rowId: number): Y.Doc {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, this.encodedStateAfter(document, rowId));
    return doc;
  }

  #remember(document: string, entry: Cached): void {
    this.#cache.delete(document);
    this.#cache.set(document, entry);
    while (this.#cache.size > this.#cacheSize) {
      const [oldest] = this.#cache.keys();
      if (oldest === undefined) break;
      this.#cache.get(oldest)?.doc.destroy();
      this.#cache.delete(oldest);
    }
  }

  /** Forgets a document's cached state (its history changed under it: a purge). */
  forget(document: string): void {
    this.#cache.get(document)?.doc.destroy();
    this.#cache.delete(document);
  }
}
