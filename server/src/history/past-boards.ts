/**
 * The board as of a moment, fast: the board view stored beside the newest checkpoint at or before
 * the moment (flat records, JSON) rolled forward by the activity entries recorded after it. The
 * activity is the same observation of the same updates, so this equals reading the replayed
 * document (flat-state.test.ts, board-at.property.int.test.ts), at a fraction of the cost: parsing
 * a few MiB of JSON instead of applying a 250,000-struct Yjs state. A checkpoint without a view (made
 * before views existed, or by a purge) gets one on first need, built from its Yjs state once.
 */
import {
  applyChanges,
  decodeFlatState,
  encodeFlatState,
  type FlatState,
  readFlatState,
  type ViewProject,
  viewOfFlat,
} from '@taskflow/model';
import * as Y from 'yjs';
import type { HistoryLog } from '../persistence/history-log.ts';
import type { ActivityStore } from './activity-store.ts';

export class PastBoards {
  readonly #log: HistoryLog;
  readonly #store: Pick<ActivityStore, 'changesBetween'>;

  constructor(log: HistoryLog, store: Pick<ActivityStore, 'changesBetween'>) {
    this.#log = log;
    this.#store = store;
  }

  /** The board after row `rowId`. The activity must be projected up to it (ActivityProjector.catchUp). */
  boardAfter(document: string, rowId: number): ViewProject[] {
    const { flat, uptoId } = this.#base(document, rowId);
    applyChanges(flat, this.#store.changesBetween(document, uptoId, rowId));
    return viewOfFlat(flat);
  }

  /** Stores the view of a checkpoint being written from `doc` (compaction has the document at hand). */
  keepView(document: string, uptoId: number, doc: Y.Doc): void {
    this.#log.putView(document, uptoId, encodeFlatState(readFlatState(doc)));
  }

  #base(document: string, rowId: number): { flat: FlatState; uptoId: number } {
    const view = this.#log.viewAtOrBefore(document, rowId);
    const checkpoint = this.#log.checkpointAtOrBefore(document, rowId);
    if (checkpoint && (!view || view.uptoId < checkpoint.uptoId)) {
      const doc = new Y.Doc();
      try {
        Y.applyUpdate(doc, checkpoint.data);
        const flat = readFlatState(doc);
        this.#log.putView(document, checkpoint.uptoId, encodeFlatState(flat));
        return { flat, uptoId: checkpoint.uptoId };
      } finally {
        doc.destroy();
      }
    }
    if (view) return { flat: decodeFlatState(view.data), uptoId: view.uptoId };
    return { flat: { projects: new Map(), columns: new Map(), tasks: new Map() }, uptoId: 0 };
  }
}
