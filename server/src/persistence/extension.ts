/**
 * Hocuspocus persistence on the SQLite update log.
 *
 * The rule (issue 2): every update the server accepts is on disk before the server acknowledges
 * it. Hocuspocus applies a client's update synchronously (`readUpdate`/`readSyncStep2`) and sends
 * SyncStatus(true) right after, in the same tick; its own store hook is debounced by seconds. So
 * we append inside the document's `update` event, which Yjs fires synchronously within that
 * apply, with better-sqlite3's synchronous API: the row is committed before the ack is written
 * to the socket.
 *
 * A failed append (full disk, write lock held past busy_timeout) must never surface as a throw
 * inside Yjs's `update` event: Hocuspocus would still send the ack, and the document would stop
 * emitting updates for good (we measured both on Hocuspocus 3). Yjs cannot take the applied change back,
 * so the loaded copy is now ahead of the disk. We mark it unstored (storage-fault.ts) and close
 * every socket on it before this turn ends: the sender's ack and everyone's relay find a closing
 * socket and are never sent, the document unloads when the last socket is gone, and the next
 * connection loads what the disk holds. Clients keep the change as unsynced and re-send it in
 * their next handshake, so it is stored once storage works again; nothing is appended on top of
 * an unstored copy meanwhile. REST and the ticker ask `isUnstored` after their transaction.
 *
 * Several processes (issue 16, docs/SCALE-OUT.md): with a `cluster` link, each update appended
 * here is published right after its commit, and each loaded copy follows the document from the
 * seq it was loaded at, applying what other processes appended (never appending it again: it is
 * in the shared log already). A copy's snapshot then covers only the seqs it has applied in order.
 *
 * Compaction folds the log into the document's snapshot in the background, when a size-aware
 * threshold says it is due and the document is quiet (compaction-policy.ts), when a document
 * unloads with a due backlog, and when the server stops; it keeps a checkpoint every
 * `checkpointEvery` rows. It never deletes a row: the log is the history (issue 10).
 */
import type {
  afterLoadDocumentPayload,
  beforeUnloadDocumentPayload,
  connectedPayload,
  Document,
  Extension,
  onLoadDocumentPayload,
} from '@hocuspocus/server';
import * as Y from 'yjs';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { ClusterFollower, type ClusterLink } from './cluster-follow.ts';
import { type Backlog, compactionDue, QUIET_MS } from './compaction-policy.ts';
import { type Atomically, atomically } from './database.ts';
import { encodedState } from './encoded-state.ts';
import { soleAuthor } from './sole-author.ts';
import { markUnstored } from './storage-fault.ts';
import type { StoredDocument, UpdateLog } from './update-log.ts';

export type { ClusterLink };

export type PersistenceOptions = {
  log: UpdateLog;
  logger: Logger;
  /** Log rows after which a document may be compacted into its snapshot (compaction-policy.ts). */
  compactEvery: number;
  /** Rows between checkpoints, the bases of the board as of a past moment (default 2,000). */
  checkpointEvery?: number;
  /** Fills a document that has never been stored; its result becomes the document's first log row. */
  seed?: (doc: Y.Doc, documentName: string) => void;
  /** The user a transaction origin speaks for (stored with each update), or null for the server's own. */
  authorOf?: (origin: unknown) => string | null;
  /** The connection a transaction origin came by (stored with each update), or null. */
  connectionOf?: (origin: unknown) => string | null;
  /**
   * Runs inside the SQLite transaction that appends each update (notifications caused by the edit,
   * stored together with it). A throw here is logged and rolled back alone: the update is kept.
   */
  afterAppend?: (documentName: string, row: AppendedRow) => void;
  /** Called after compaction kept a checkpoint at row `uptoId` of the document `doc` (a board view beside it). */
  afterCheckpoint?: (documentName: string, uptoId: number, doc: Y.Doc) => void;
  /** Counts each stored update and times its transaction (observability/metrics.ts). */
  metrics?: Pick<Metrics, 'updatesAppended' | 'appendSeconds'> | undefined;
  /**
   * Starts a span for an append, child of the client update being applied, and returns what ends
   * it (observability/sync-tracing.ts); unset when tracing is off, so the append path pays one check.
   */
  traceAppend?: ((document: Y.Doc) => ((error?: string) => void) | undefined) | undefined;
  /** Other processes on the same log (REDIS_URL); unset: this process is the only writer. */
  cluster?: ClusterLink | undefined;
};

/** The stored row of an update, as the effects written in its transaction see it. */
export type AppendedRow = { id: number; userId: string | null; arrivedAt: number };

const DEFAULT_CHECKPOINT_EVERY = 2_000;

type SeedOutcome =
  | { kind: 'stored'; stored: StoredDocument }
  | { kind: 'seeded'; update: Uint8Array; seq: number };

type AtLoad = Pick<Backlog, 'rows' | 'bytes' | 'snapshotBytes'> & { headSeq: number };

type LiveDocument = {
  name: string;
  document: Document;
  /** What the snapshot lacks: rows and bytes not yet folded in. */
  backlog: Backlog;
  compactScheduled: boolean;
  /** When the newest update was appended (performance.now()): quiet is measured from it. */
  lastAppendAt: number;
  timer: NodeJS.Timeout | undefined;
  /** An append failed: this copy holds a change the disk lacks and is being discarded. */
  unstored: boolean;
  /** Following the other processes' appends (cluster link only). */
  follower: ClusterFollower | undefined;
};

/** The socket a Hocuspocus connection writes to (a ws WebSocket behind crossws's proxy). */
type Socket = { readyState: number; close(code?: number, reason?: string): void; terminate?(): void };

/** Close code for "storage unavailable, retry": 1011 (internal error) makes providers reconnect. */
const STORAGE_CLOSE_CODE = 1011;
/** A peer that does not answer the close handshake is cut after this, so the document unloads. */
const CLOSE_GRACE_MS = 1_000;
/** After a failed append, /readyz says not ready for at least this long without trying a write. */
const FAULT_HOLD_MS = 1_000;

export class SqlitePersistence implements Extension {
  readonly extensionName = 'taskflow-sqlite-persistence';
  readonly #log: UpdateLog;
  readonly #logger: Logger;
  readonly #compactEvery: number;
  readonly #checkpointEvery: number;
  readonly #connectionOf: (origin: unknown) => string | null;
  readonly #seed: PersistenceOptions['seed'];
  readonly #authorOf: (origin: unknown) => string | null;
  readonly #afterAppend: PersistenceOptions['afterAppend'];
  readonly #afterCheckpoint: PersistenceOptions['afterCheckpoint'];
  readonly #metrics: PersistenceOptions['metrics'];
  readonly #traceAppend: PersistenceOptions['traceAppend'];
  readonly #cluster: ClusterLink | undefined;
  readonly #live = new Map<string, LiveDocument>();
  /** Rows, bytes and head seq found at load, handed from onLoadDocument to afterLoadDocument. */
  readonly #rowsAtLoad = new Map<string, AtLoad>();
  /** A transaction (a savepoint when nested) on the log's database, made once: see `atomically`. */
  readonly #atomically: Atomically;
  #closed = false;
  /** When the newest failed write happened; null once a write succeeded after it. */
  #lastFaultAt: number | null = null;

  constructor(options: PersistenceOptions) {
    this.#log = options.log;
    this.#atomically = atomically(options.log.database);
    this.#logger = options.logger;
    this.#compactEvery = options.compactEvery;
    this.#checkpointEvery = options.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY;
    this.#connectionOf = options.connectionOf ?? (() => null);
    this.#seed = options.seed;
    this.#authorOf = options.authorOf ?? (() => null);
    this.#afterAppend = options.afterAppend;
    this.#afterCheckpoint = options.afterCheckpoint;
    this.#metrics = options.metrics;
    this.#traceAppend = options.traceAppend;
    this.#cluster = options.cluster;
  }

  async onLoadDocument({ documentName }: onLoadDocumentPayload): Promise<Uint8Array | undefined> {
    if (this.#closed) throw new Error('persistence is closed');
    const stored = this.#log.load(documentName);
    if (stored) return this.#loaded(documentName, stored);
    if (!this.#seed) return undefined;
    const seed = this.#seed;
    // Seeded in a scratch doc so the seed is one update, stored as the document's first row
    // before any client can see it. Under the document's head row lock, looking again first: two
    // processes opening a new workspace at once seed it once (the second reads the first's seed).
    const scratch = new Y.Doc();
    try {
      const outcome = this.#log.database.transaction((): SeedOutcome => {
        this.#log.lockHead(documentName);
        const stored = this.#log.load(documentName);
        if (stored) return { kind: 'stored', stored };
        seed(scratch, documentName);
        const update = Y.encodeStateAsUpdate(scratch);
        const { seq } = this.#log.appendRow(documentName, update, { clientId: scratch.clientID });
        return { kind: 'seeded', update, seq };
      })();
      if (outcome.kind === 'stored') return this.#loaded(documentName, outcome.stored);
      const { update, seq } = outcome;
      this.#cluster?.publish(documentName, seq, update);
      this.#rowsAtLoad.set(documentName, {
        rows: 1,
        bytes: update.byteLength,
        snapshotBytes: 0,
        headSeq: seq,
      });
      this.#logger.info({ document: documentName }, 'seeded new document');
      return update;
    } finally {
      scratch.destroy();
    }
  }

  #loaded(documentName: string, stored: StoredDocument): Uint8Array {
    this.#rowsAtLoad.set(documentName, {
      rows: stored.pendingRows,
      bytes: stored.pendingBytes,
      snapshotBytes: stored.snapshotBytes,
      headSeq: stored.headSeq,
    });
    return stored.state;
  }

  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
    const { headSeq, ...atLoad } = this.#rowsAtLoad.get(documentName) ?? {
      rows: 0,
      bytes: 0,
      snapshotBytes: 0,
      headSeq: 0,
    };
    const live: LiveDocument = {
      name: documentName,
      document,
      backlog: { ...atLoad, forced: false },
      compactScheduled: false,
      lastAppendAt: performance.now(),
      timer: undefined,
      unstored: false,
      follower: undefined,
    };
    this.#rowsAtLoad.delete(documentName);
    this.#live.set(documentName, live);
    // A log written before the content guard may hold structs Yjs cannot integrate (issue 8): they
    // would be parked, sent to every client in its handshake and refused when it sends them back.
    // Dropped from the loaded copy, and the log is compacted below so they do not come back.
    const store = document.store;
    if (store.pendingStructs !== null || store.pendingDs !== null) {
      this.#logger.warn({ document: documentName }, 'dropped structs and deletes parked in the stored log');
      store.pendingStructs = null;
      store.pendingDs = null;
      live.backlog.forced = true;
    }
    // Registered after Hocuspocus's own handler (added in the Document constructor), which with our
    // flushMaxBytes only queues the broadcast for setImmediate; the ack follows this handler.
    document.on('update', (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction) =>
      this.#append(live, update, origin, tr),
    );
    document.on('destroy', () => {
      clearTimeout(live.timer);
      live.follower?.stop();
      if (this.#live.get(documentName) === live) this.#live.delete(documentName);
    });
    // Before any other extension's afterLoadDocument writes (task numbers, fragments): the bus must
    // know this copy follows the document when their appends are published.
    if (this.#cluster) live.follower = new ClusterFollower(this.#cluster, documentName, document, headSeq);
    this.#maybeCompact(live);
  }

  /** A socket that joins a copy being discarded is closed too: it would read unstored state. */
  async connected({ connection, documentName }: connectedPayload): Promise<void> {
    const live = this.#live.get(documentName);
    if (live?.unstored && live.document === connection.document) closeSocket(connection.webSocket);
  }

  /**
   * Folds a due backlog before the copy goes. A small one stays in the log: the next load merges
   * it, which costs less than encoding the whole document now (0.3 s at 10,000 tasks).
   */
  async beforeUnloadDocument({ documentName }: beforeUnloadDocumentPayload): Promise<void> {
    const live = this.#live.get(documentName);
    if (live && compactionDue(live.backlog, this.#compactEvery) !== 'not-due') this.#compact(live);
  }

  /**
   * Brings the loaded copy up to the log now (cluster link only; see ClusterFollower.catchUpFrom).
   * False when there is nothing newer, no copy, or the log cannot be read.
   */
  catchUp(documentName: string): boolean {
    const live = this.#live.get(documentName);
    if (!live?.follower || live.unstored || this.#closed) return false;
    try {
      return live.follower.catchUpFrom((afterSeq) => this.#log.readSince(documentName, afterSeq));
    } catch (error) {
      this.#logger.warn({ err: error, document: documentName }, 'could not catch up from the log');
      return false;
    }
  }

  /**
   * A real write, so a full disk, a read-only file or a held lock shows as not ready. Right after a
   * failed append it answers false without writing, so a probe cannot stall on the lock again.
   */
  isWritable(): boolean {
    if (this.#closed) return false;
    if (this.#lastFaultAt !== null && Date.now() - this.#lastFaultAt < FAULT_HOLD_MS) return false;
    try {
      this.#log.touchHealth();
      this.#lastFaultAt = null;
      return true;
    } catch (error) {
      this.#lastFaultAt = Date.now();
      this.#logger.warn({ err: error }, 'database is not writable');
      return false;
    }
  }

  /**
   * Shutdown, before the documents unload: folds every backlog, however small, so a stopped
   * server's snapshots hold everything (an unload alone folds only a due one).
   */
  compactAll(): void {
    for (const live of this.#live.values()) if (live.backlog.rows > 0) this.#compact(live);
  }

  /** Compacts every live document and closes the database. Later updates are refused (no ack). */
  close(): void {
    if (this.#closed) return;
    for (const live of this.#live.values()) if (live.backlog.rows > 0) this.#compact(live);
    this.#closed = true;
    this.#log.close();
  }

  #append(live: LiveDocument, update: Uint8Array, origin: unknown, tr: Y.Transaction): void {
    // Another process appended it (and ran its effects): in the log already.
    if (this.#cluster?.isRemote(origin)) return;
    // Never throw from here: this runs inside Yjs's event dispatch (see the header).
    if (this.#closed || live.unstored) {
      this.#discard(live);
      return;
    }
    const started = performance.now();
    const endSpan = this.#traceAppend?.(live.document);
    const userId = this.#authorOf(origin);
    const meta = {
      clientId: soleAuthor(tr),
      userId,
      connectionId: this.#connectionOf(origin),
      receivedAt: this.#log.now(),
    };
    const db = this.#log.database;
    // A writer's own transaction around this one: the row commits (or not) when it does.
    const nested = db.inTransaction;
    let position: { id: number; seq: number };
    try {
      const after = this.#afterAppend;
      if (after) {
        position = this.#atomically(() => {
          const row = this.#log.appendRow(live.name, update, meta);
          try {
            this.#atomically(() => after(live.name, { id: row.id, userId, arrivedAt: meta.receivedAt }));
          } catch (error) {
            this.#logger.error(
              { err: error, document: live.name },
              'effects of an update failed (update kept)',
            );
          }
          return row;
        });
      } else {
        position = this.#log.appendRow(live.name, update, meta);
      }
    } catch (error) {
      this.#lastFaultAt = Date.now();
      this.#logger.error(
        { err: error, document: live.name, bytes: update.byteLength, user: userId },
        'could not store an update: not acknowledged; closing the document’s sockets',
      );
      endSpan?.('storage unavailable');
      this.#discard(live);
      return;
    }
    endSpan?.();
    if (live.follower) this.#publish(live, position, update, nested);
    this.#lastFaultAt = null;
    this.#metrics?.updatesAppended.inc();
    this.#metrics?.appendSeconds.observe((performance.now() - started) / 1000);
    live.backlog.rows += 1;
    live.backlog.bytes += update.byteLength;
    live.lastAppendAt = performance.now();
    this.#maybeCompact(live);
  }

  /**
   * Tells the other processes, in the same turn as the commit. Inside a writer's own transaction the
   * row is not committed yet and may still roll back (its seq then goes to another update): it is
   * published on the next turn, once it is known to be in the log.
   */
  #publish(live: LiveDocument, at: { id: number; seq: number }, update: Uint8Array, nested: boolean): void {
    if (!nested) {
      live.follower?.published(at.seq, update);
      return;
    }
    setImmediate(() => {
      try {
        if (!this.#closed && this.#log.hasRow(live.name, at.id, at.seq))
          live.follower?.published(at.seq, update);
      } catch (error) {
        // Followers find it in the log by their periodic check.
        this.#logger.warn({ err: error, document: live.name }, 'could not publish an update');
      }
    });
  }

  /**
   * The loaded copy holds a change the disk lacks: close every socket on it now, synchronously, so
   * this turn's ack and relay find closing sockets and are dropped. The document unloads when its
   * last connection is gone (never compacted: its state is not the log's).
   */
  #discard(live: LiveDocument): void {
    live.unstored = true;
    live.follower?.stop();
    markUnstored(live.document);
    for (const connection of live.document.getConnections()) closeSocket(connection.webSocket);
  }

  #maybeCompact(live: LiveDocument): void {
    if (live.compactScheduled) return;
    const due = compactionDue(live.backlog, this.#compactEvery);
    if (due === 'not-due') return;
    live.compactScheduled = true;
    if (due === 'now') {
      // Off the ack path: runs after this turn's messages have been applied and acknowledged.
      setImmediate(() => this.#runScheduled(live));
      return;
    }
    this.#whenQuiet(live);
  }

  /** Waits until no update came for QUIET_MS (or the backlog is overdue), then compacts. */
  #whenQuiet(live: LiveDocument): void {
    const wait = live.lastAppendAt + QUIET_MS - performance.now();
    live.timer = setTimeout(
      () => {
        live.timer = undefined;
        const quiet = performance.now() - live.lastAppendAt >= QUIET_MS;
        if (quiet || compactionDue(live.backlog, this.#compactEvery) === 'now') this.#runScheduled(live);
        else this.#whenQuiet(live);
      },
      Math.max(1, wait),
    );
    live.timer.unref();
  }

  #runScheduled(live: LiveDocument): void {
    live.compactScheduled = false;
    this.#compact(live);
  }

  /**
   * The snapshot is the live document's own state. That equals "old snapshot + every row up to the
   * newest id" because every change to a loaded document passes through #append synchronously,
   * and nothing runs between reading the newest id and encoding: one synchronous block. Encoding
   * the live doc costs far less than re-applying the log into a scratch doc.
   */
  #compact(live: LiveDocument): void {
    if (this.#closed || live.unstored || live.document.isDestroyed) return;
    try {
      live.follower?.flush();
      // No rows (everything is in the snapshot): rewrite the snapshot alone, e.g. to drop parked structs.
      // Following other processes, the copy holds every seq up to the one it has applied in order
      // (and maybe some after it): the snapshot covers that one, never the log's newest row, which
      // another process may have appended and this copy not received yet.
      const uptoId =
        (live.follower ? this.#log.idAtSeq(live.name, live.follower.seq) : this.#log.lastId(live.name)) ?? 0;
      // Shared with new devices' handshakes (encoded-state.ts): one encoding per document version.
      const state = encodedState(live.document);
      const checkpoint = this.#log.compact(live.name, state, uptoId, this.#checkpointEvery);
      this.#logger.debug(
        { document: live.name, rows: live.backlog.rows, bytes: state.byteLength, checkpoint },
        'compacted',
      );
      live.backlog = { rows: 0, bytes: 0, snapshotBytes: state.byteLength, forced: false };
      if (checkpoint) this.#afterCheckpoint?.(live.name, uptoId, live.document);
    } catch (error) {
      // The snapshot is only a shortcut: the log holds every row, so nothing is lost; the next trigger retries.
      this.#logger.error({ err: error, document: live.name }, 'compaction failed');
    }
  }
}

/** Closes a socket at once (readyState is CLOSING before this returns) and cuts it if it lingers. */
function closeSocket(socket: Socket): void {
  if (socket.readyState >= 2) return;
  try {
    socket.close(STORAGE_CLOSE_CODE, 'storage unavailable');
  } catch {
    // Already closing or broken: the terminate below still applies.
  }
  const timer = setTimeout(() => {
    if (socket.readyState !== 3) socket.terminate?.();
  }, CLOSE_GRACE_MS);
  timer.unref();
}
