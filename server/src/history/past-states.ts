/**
 * A document as it was after any stored row: the newest checkpoint at or before the row, plus
 * the rows after it. Applying a checkpoint is most of the cost (a 10,000-task workspace is some
 * 250,000 Yjs structs), so the states built are kept (a few per document) and a request starts from
 * the nearest kept state at or before its row when that is closer than the checkpoint: scrubbing
 * forward replays only the difference, and scrubbing back lands on an earlier kept state.
 */
import * as Y from 'yjs';
import { ApiError } from '../errors.ts';
import type { HistoryLog } from '../persistence/history-log.ts';

type Cached = { document: string; rowId: number; doc: Y.Doc };

/** Which row ends the history at a moment. */
export type Moment = { rowId: number };

/** States kept per document (more cost memory and, measured, made scrubbing slower at 10,000 tasks). */
const PER_DOCUMENT = 1;

export class PastStates {
  readonly #log: HistoryLog;
  /** Least recently used first. */
  #cache: Cached[] = [];
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
    const checkpoint = this.#log.checkpointAtOrBefore(document, rowId);
    const from = checkpoint?.uptoId ?? 0;
    let base: Cached | undefined;
    for (const c of this.#cache)
      if (c.document === document && c.rowId <= rowId && c.rowId >= from && (!base || c.rowId > base.rowId))
        base = c;
    if (!base) {
      const doc = new Y.Doc();
      if (checkpoint) Y.applyUpdate(doc, checkpoint.data);
      base = { document, rowId: from, doc };
    }
    const rows = this.#log.rows(document, base.rowId, rowId);
    // One by one in one transaction: cheaper than merging them first (measured in the bench).
    const { doc } = base;
    if (rows.length > 0)
      doc.transact(() => {
        for (const row of rows) Y.applyUpdate(doc, row.data);
      });
    base.rowId = rowId;
    this.#remember(base);
    return doc;
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

  #remember(entry: Cached): void {
    this.#cache = this.#cache.filter((c) => c !== entry);
    this.#cache.push(entry);
    const mine = this.#cache.filter((c) => c.document === entry.document);
    const drop = new Set<Cached>(mine.slice(0, Math.max(0, mine.length - PER_DOCUMENT)));
    for (const c of this.#cache.slice(0, Math.max(0, this.#cache.length - drop.size - this.#cacheSize)))
      drop.add(c);
    for (const c of drop) c.doc.destroy();
    this.#cache = this.#cache.filter((c) => !drop.has(c));
  }

  /** Forgets a document's kept states (its history changed under them: a purge). */
  forget(document: string): void {
    for (const c of this.#cache) if (c.document === document) c.doc.destroy();
    this.#cache = this.#cache.filter((c) => c.document !== document);
  }
}
