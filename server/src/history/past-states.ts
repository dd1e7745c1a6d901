/**
 * A document as it was after any stored row: the newest checkpoint at or before the row, plus the
 * rows after it, applied to a fresh document. Restores, purges and the activity's replays need
 * one now and then; the board as of a moment, which is asked for often, reads a kept view instead
 * (past-boards.ts), so nothing here is cached.
 */
import * as Y from 'yjs';
import { ApiError } from '../errors.ts';
import type { HistoryLog } from '../persistence/history-log.ts';

export class PastStates {
  readonly #log: HistoryLog;

  constructor(log: HistoryLog) {
    this.#log = log;
  }

  /**
   * The newest row that had arrived at `at` (ms). Throws a 400 when `at` is before the history
   * kept for the document (compacted away before history was kept, or purged).
   */
  rowAt(document: string, at: number): number {
    const floor = this.#log.floor(document);
    if (floor && at < floor.sinceAt)
      throw new ApiError(
        'invalid_input',
        `History before ${new Date(floor.sinceAt).toISOString()} is not kept for this workspace.`,
      );
    return Math.max(this.#log.rowIdAt(document, at) ?? 0, floor?.uptoId ?? 0);
  }

  /** The document after row `rowId` (0: before anything was stored), owned (and destroyed) by the caller. */
  copyAfter(document: string, rowId: number): Y.Doc {
    const checkpoint = this.#log.checkpointAtOrBefore(document, rowId);
    const doc = new Y.Doc();
    if (checkpoint) Y.applyUpdate(doc, checkpoint.data);
    const rows = this.#log.rows(document, checkpoint?.uptoId ?? 0, rowId);
    // One by one in one transaction: cheaper than merging them first (measured in the bench).
    if (rows.length > 0)
      doc.transact(() => {
        for (const row of rows) Y.applyUpdate(doc, row.data);
      });
    return doc;
  }

  /** The document after `rowId`, encoded (a purge's checkpoint). */
  encodedStateAfter(document: string, rowId: number): Uint8Array {
    const doc = this.copyAfter(document, rowId);
    try {
      return Y.encodeStateAsUpdate(doc);
    } finally {
      doc.destroy();
    }
  }
}
