/**
 * The reports' timelines per document, kept in memory and advanced incrementally: each request
 * folds only the entries stored since the last one (docs/REPORTS.md, "Cost"). The first report of a
 * document after a start reads its whole activity once; every later one reads what is new.
 */
import type { ActivityProjector } from '../history/activity-projector.ts';
import type { ActivityStore, EntryKey } from '../history/activity-store.ts';
import { Timelines } from './timelines.ts';

/** Entries read per query while catching up a long history. */
const BATCH = 5000;

type Folded = { timelines: Timelines; cursor: EntryKey };

export class ReportTimelines {
  readonly #store: Pick<ActivityStore, 'entriesAfter'>;
  readonly #projector: Pick<ActivityProjector, 'catchUp'>;
  readonly #max: number;
  /** In least-recently-used order: a document read again moves to the end. */
  readonly #docs = new Map<string, Folded>();

  constructor(
    store: Pick<ActivityStore, 'entriesAfter'>,
    projector: Pick<ActivityProjector, 'catchUp'>,
    maxDocuments = 16,
  ) {
    this.#store = store;
    this.#projector = projector;
    this.#max = maxDocuments;
  }

  /** The document's timelines with every entry stored so far folded in. */
  current(document: string): Timelines {
    // Entries the live path has not written yet (after a projection error) are replayed first.
    this.#projector.catchUp(document);
    let folded = this.#docs.get(document);
    if (folded) this.#docs.delete(document);
    else folded = { timelines: new Timelines(), cursor: { row: -1, seq: -1 } };
    this.#docs.set(document, folded);
    for (const [old] of this.#docs) {
      if (this.#docs.size <= this.#max) break;
      this.#docs.delete(old);
    }
    for (;;) {
      const batch = this.#store.entriesAfter(document, folded.cursor, BATCH);
      for (const e of batch) folded.timelines.add(e);
      const last = batch.at(-1);
      if (last) folded.cursor = { row: last.row, seq: last.seq };
      if (batch.length < BATCH) break;
    }
    return folded.timelines;
  }
}
