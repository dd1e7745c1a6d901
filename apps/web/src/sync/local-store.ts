/**
 * Keeps a workspace's Y.Doc on disk (update-log.ts) in place of y-indexeddb's IndexeddbPersistence
 * (same layout, so existing copies open unchanged). What differs, measured on a 10,000-task board:
 *
 * - The stored updates apply in one transaction without Yjs encoding them back for the document's
 *   `update` listeners (quiet-apply.ts), after the board is painted from its snapshot.
 * - The log is merged into one record (compaction) in a worker, after the board is up, not on
 *   the main thread. Reading and merging in the worker *before* applying was tried and lost: the
 *   worker's start and Y.mergeUpdates (which decodes every struct) came to more than the page
 *   reading the records itself and applying them one after the other.
 */
import type * as Y from 'yjs';
import type { LoadReply, LoadRequest } from './local-store.worker.ts';
import { applyQuietly } from './quiet-apply.ts';
import { appendUpdate, openUpdateLog, readUpdates } from './update-log.ts';

/** The longest a paint from the snapshot may hold back applying the stored copy. */
const SHOW_FIRST_MAX_MS = 1_000;

/** Merge the log once it has this many records (y-indexeddb's threshold is 500). */
const COMPACT_AT = 100;

/** Compacts the log in a worker; resolves with the records left. */
function compactInWorker(name: string): Promise<number> {
  if (typeof Worker === 'undefined') return Promise.resolve(Number.NaN);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./local-store.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }: MessageEvent<LoadReply>) => {
      worker.terminate();
      if (data.ok) resolve(data.records);
      else reject(new Error(data.error));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || 'local store worker failed'));
    };
    worker.postMessage({ name, compactAt: COMPACT_AT } satisfies LoadRequest);
  });
}

export class LocalStore {
  /** Resolves once the stored copy is applied (the doc's later updates are stored from the start). */
  readonly whenLoaded: Promise<void>;
  private readonly db: Promise<IDBDatabase>;
  private records = 0;
  private destroyed = false;
  private compacting = false;
  /** What must be on screen before the stored copy is applied (`showFirst`). */
  private readonly first: Promise<unknown>[] = [];

  constructor(
    private readonly name: string,
    private readonly doc: Y.Doc,
  ) {
    this.db = openUpdateLog(name);
    // Updates made before the stored copy is applied (a tab relay, an edit) are stored as they come.
    doc.on('update', this.store);
    this.whenLoaded = this.db.then(readUpdates).then(async (updates) => {
      // Marks for performance traces and the browser bench: read, then applied.
      performance.mark('taskflow:local-read');
      // One task later: a board view rendering now may still ask to paint its snapshot first.
      await new Promise((resolve) => setTimeout(resolve, 0));
      // Asked again meanwhile (the board view remounted): wait for that one too.
      for (let waited = 0; waited < this.first.length; waited = this.first.length) {
        await Promise.all(this.first.slice(waited));
      }
      this.records += updates.length;
      if (updates.length > 0 && !this.destroyed) applyQuietly(doc, updates, this);
      performance.mark('taskflow:local-applied');
      if (this.records >= COMPACT_AT) setTimeout(() => this.compact(), 2_000);
    });
  }

  /**
   * Applying a large stored copy blocks the page for a while: what `shown` waits for (a board
   * painted from its snapshot) goes first, for at most `SHOW_FIRST_MAX_MS`.
   */
  showFirst(shown: Promise<unknown>): void {
    this.first.push(
      Promise.race([shown.catch(() => undefined), new Promise((r) => setTimeout(r, SHOW_FIRST_MAX_MS))]),
    );
  }

  private readonly store = (update: Uint8Array, origin: unknown): void => {
    if (origin === this || this.destroyed) return;
    this.records += 1;
    void this.db
      .then((db) => appendUpdate(db, update))
      .catch((error: unknown) => console.error('could not store an update on this device', error));
    if (this.records >= COMPACT_AT) this.compact();
  };

  /** Merges the log in a worker, in one transaction there: appends from this page wait for it. */
  private compact(): void {
    if (this.compacting || this.destroyed) return;
    this.compacting = true;
    void compactInWorker(this.name)
      .then((records) => {
        if (Number.isFinite(records)) this.records = records;
      })
      .catch((error: unknown) => console.warn('could not compact this device’s copy', error))
      .finally(() => {
        this.compacting = false;
      });
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    this.doc.off('update', this.store);
    const db = await this.db.catch(() => null);
    db?.close();
  }
}
