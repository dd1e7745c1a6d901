/**
 * Hocuspocus persistence on the SQLite update log.
 *
 * The rule (issue 2): every update the server accepts is on disk before the server acknowledges
 * it. Hocuspocus applies a client's update synchronously (`readUpdate`/`readSyncStep2`) and sends
 * SyncStatus(true) right after, in the same tick; its own store hook is debounced by seconds. So
 * we append inside the document's `update` event, which Yjs fires synchronously within that
 * apply, with better-sqlite3's synchronous API: the row is committed before the ack is written
 * to the socket. If the append fails, the throw travels up through the apply, Hocuspocus closes
 * that client's document connection, and no ack is sent.
 *
 * Compaction folds the log into the document's snapshot in the background (after every
 * `compactEvery` rows, and when a document unloads or the server stops).
 */
import type {
  afterLoadDocumentPayload,
  beforeUnloadDocumentPayload,
  Document,
  Extension,
  onLoadDocumentPayload,
} from '@hocuspocus/server';
import * as Y from 'yjs';
import type { Logger } from '../logger.ts';
import type { UpdateLog } from './update-log.ts';

export type PersistenceOptions = {
  log: UpdateLog;
  logger: Logger;
  /** Log rows after which a document is compacted into its snapshot. */
  compactEvery: number;
  /** Fills a document that has never been stored; its result becomes the document's first log row. */
  seed?: (doc: Y.Doc, documentName: string) => void;
  /** The user a transaction origin speaks for (stored with each update), or null for the server's own. */
  authorOf?: (origin: unknown) => string | null;
  /**
   * Runs inside the SQLite transaction that appends each update (notifications caused by the edit,
   * stored together with it). A throw here is logged and rolled back alone: the update is kept.
   */
  afterAppend?: (documentName: string, rowId: number, userId: string | null) => void;
};

type LiveDocument = {
  name: string;
  document: Document;
  /** Log rows not yet in the snapshot. */
  pending: number;
  compactScheduled: boolean;
};

export class SqlitePersistence implements Extension {
  readonly extensionName = 'taskflow-sqlite-persistence';
  readonly #log: UpdateLog;
  readonly #logger: Logger;
  readonly #compactEvery: number;
  readonly #seed: PersistenceOptions['seed'];
  readonly #authorOf: (origin: unknown) => string | null;
  readonly #afterAppend: PersistenceOptions['afterAppend'];
  readonly #live = new Map<string, LiveDocument>();
  /** Rows found at load, handed from onLoadDocument to afterLoadDocument. */
  readonly #rowsAtLoad = new Map<string, number>();
  #closed = false;

  constructor(options: PersistenceOptions) {
    this.#log = options.log;
    this.#logger = options.logger;
    this.#compactEvery = options.compactEvery;
    this.#seed = options.seed;
    this.#authorOf = options.authorOf ?? (() => null);
    this.#afterAppend = options.afterAppend;
  }

  async onLoadDocument({ documentName }: onLoadDocumentPayload): Promise<Uint8Array | undefined> {
    if (this.#closed) throw new Error('persistence is closed');
    const stored = this.#log.load(documentName);
    if (stored) {
      this.#rowsAtLoad.set(documentName, stored.pendingRows);
      return stored.state;
    }
    if (!this.#seed) return undefined;
    // Seeded in a scratch doc so the seed is one update, stored as the document's first row
    // before any client can see it.
    const scratch = new Y.Doc();
    try {
      this.#seed(scratch, documentName);
      const update = Y.encodeStateAsUpdate(scratch);
      this.#log.append(documentName, update, scratch.clientID);
      this.#rowsAtLoad.set(documentName, 1);
      this.#logger.info({ document: documentName }, 'seeded new document');
      return update;
    } finally {
      scratch.destroy();
    }
  }

  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
    const live: LiveDocument = {
      name: documentName,
      document,
      pending: this.#rowsAtLoad.get(documentName) ?? 0,
      compactScheduled: false,
    };
    this.#rowsAtLoad.delete(documentName);
    this.#live.set(documentName, live);
    // Registered after Hocuspocus's own handler (added in the Document constructor), which with our
    // flushMaxBytes only queues the broadcast for setImmediate; the ack follows this handler.
    document.on('update', (update: Uint8Array, origin: unknown) =>
      this.#append(live, update, this.#authorOf(origin)),
    );
    document.on('destroy', () => {
      if (this.#live.get(documentName) === live) this.#live.delete(documentName);
    });
    this.#maybeCompact(live);
  }

  async beforeUnloadDocument({ documentName }: beforeUnloadDocumentPayload): Promise<void> {
    const live = this.#live.get(documentName);
    if (live && live.pending > 0) this.#compact(live);
  }

  /** A real write, so a full disk or a read-only file shows as not ready. */
  isWritable(): boolean {
    if (this.#closed) return false;
    try {
      this.#log.touchHealth();
      return true;
    } catch (error) {
      this.#logger.warn({ err: error }, 'database is not writable');
      return false;
    }
  }

  /** Compacts every live document and closes the database. Later updates are refused (no ack). */
  close(): void {
    if (this.#closed) return;
    for (const live of this.#live.values()) if (live.pending > 0) this.#compact(live);
    this.#closed = true;
    this.#log.close();
  }

  #append(live: LiveDocument, update: Uint8Array, userId: string | null): void {
    if (this.#closed) throw new Error('persistence is closed: update refused');
    try {
      const after = this.#afterAppend;
      if (after) {
        const db = this.#log.database;
        db.transaction(() => {
          const rowId = this.#log.append(live.name, update, soleAuthor(update), userId);
          try {
            db.transaction(() => after(live.name, rowId, userId))();
          } catch (error) {
            this.#logger.error(
              { err: error, document: live.name },
              'effects of an update failed (update kept)',
            );
          }
        })();
      } else {
        this.#log.append(live.name, update, soleAuthor(update), userId);
      }
    } catch (error) {
      this.#logger.error(
        { err: error, document: live.name, bytes: update.byteLength },
        'could not store an update',
      );
      throw error;
    }
    live.pending += 1;
    this.#maybeCompact(live);
  }

  #maybeCompact(live: LiveDocument): void {
    if (live.pending < this.#compactEvery || live.compactScheduled) return;
    live.compactScheduled = true;
    // Off the ack path: runs after this turn's messages have been applied and acknowledged.
    setImmediate(() => {
      live.compactScheduled = false;
      this.#compact(live);
    });
  }

  /**
   * The snapshot is the live document's own state. That equals "old snapshot + every row up to the
   * newest id" because every change to a loaded document passes through #append synchronously,
   * and nothing runs between reading the newest id and encoding: one synchronous block. Encoding
   * the live doc costs far less than re-applying the log into a scratch doc.
   */
  #compact(live: LiveDocument): void {
    if (this.#closed || live.document.isDestroyed) return;
    try {
      const uptoId = this.#log.lastId(live.name);
      if (uptoId === null) return;
      const state = Y.encodeStateAsUpdate(live.document);
      this.#log.compact(live.name, state, uptoId);
      this.#logger.debug({ document: live.name, rows: live.pending, bytes: state.byteLength }, 'compacted');
      live.pending = 0;
    } catch (error) {
      // The log still holds every row, so nothing is lost; the next trigger retries.
      this.#logger.error({ err: error, document: live.name }, 'compaction failed');
    }
  }
}

/** The Yjs clientID that wrote the update, when there is exactly one (a typical client edit). */
function soleAuthor(update: Uint8Array): number | null {
  const { from } = Y.parseUpdateMeta(update);
  if (from.size !== 1) return null;
  const [client] = from.keys();
  return client ?? null;
}
