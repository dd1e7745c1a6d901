/**
 * Keeps a workspace document loaded for a while after its last use, then unloads it (issue 13).
 *
 * Hocuspocus unloads a document the moment its last connection closes, and a REST request's direct
 * connection is a connection: with nobody's board open, every request loaded the whole document
 * from SQLite again (~2.6 s at 10,000 tasks) and unloaded it after. Here each loaded document holds
 * one extra direct connection of its own (a "hold"), so Hocuspocus never sees it idle; a timer
 * gives the hold back `idleMs` after the last use (a socket closing, a REST or ticker write or read
 * ending, any update) and asks Hocuspocus to unload, which runs the usual beforeUnloadDocument hooks
 * (compaction, the schedule's pending projection). Every accepted update is already in SQLite
 * (persistence/extension.ts), so an unload never has anything to save that is not on disk.
 *
 * Races: Hocuspocus checks again, after its unload hooks, that nobody joined; if someone did, the
 * document stays and the hold is taken again when that connection ends (onDisconnect runs before
 * Hocuspocus's own unload on every path). A copy whose change could not be stored
 * (persistence/storage-fault.ts) gives its hold back at once: it must unload when its sockets
 * close, so the next connection reads what the disk holds.
 */
import type {
  afterLoadDocumentPayload,
  afterUnloadDocumentPayload,
  Document,
  Extension,
  Hocuspocus,
  onDisconnectPayload,
  onStoreDocumentPayload,
} from '@hocuspocus/server';
import { isUnstored, whenUnstored } from '../persistence/storage-fault.ts';
import { isClusterOrigin } from './context.ts';

export type IdleUnloadOptions = {
  /** How long a document with nobody on it stays loaded (0: unload as soon as the last one leaves). */
  idleMs: number;
  /** The clock the idle time is measured on (tests inject one). */
  now?: () => number;
};

type Held = {
  document: Document;
  instance: Hocuspocus;
  held: boolean;
  lastUsed: number;
  timer: NodeJS.Timeout | undefined;
};

export class IdleUnload {
  readonly #idleMs: number;
  readonly #now: () => number;
  readonly #docs = new Map<string, Held>();
  readonly #loads = new Map<string, number>();
  readonly #unloads = new Map<string, number>();
  #stopped = false;

  constructor(options: IdleUnloadOptions) {
    this.#idleMs = options.idleMs;
    this.#now = options.now ?? Date.now;
  }

  /** How many times the document was loaded (tests count that a request did not load it again). */
  loads(name: string): number {
    return this.#loads.get(name) ?? 0;
  }

  /** How many times it was unloaded. */
  unloads(name: string): number {
    return this.#unloads.get(name) ?? 0;
  }

  /** Gives every hold back and stops the timers (shutdown: the server then unloads everything). */
  stop(): void {
    this.#stopped = true;
    for (const entry of this.#docs.values()) {
      clearTimeout(entry.timer);
      this.#release(entry);
    }
  }

  readonly extension: Extension = {
    extensionName: 'taskflow-idle-unload',
    afterLoadDocument: async ({ document, documentName, instance }: afterLoadDocumentPayload) => {
      this.#loads.set(documentName, this.loads(documentName) + 1);
      const entry: Held = { document, instance, held: false, lastUsed: this.#now(), timer: undefined };
      this.#docs.set(documentName, entry);
      // Every update: a document in use is never idle (a listener, not an onChange hook: no promise
      // chain per update).
      // Updates from other processes (issue 16) are not a use here: a copy nobody here uses unloads.
      document.on('update', (_update: Uint8Array, origin: unknown) => {
        if (!isClusterOrigin(origin)) entry.lastUsed = this.#now();
      });
      document.on('destroy', () => {
        clearTimeout(entry.timer);
        if (this.#docs.get(documentName) === entry) this.#docs.delete(documentName);
      });
      whenUnstored(document, () => {
        this.#release(entry);
        // Nobody may be on it (a REST write that failed): unload now, else its sockets' closing does.
        setImmediate(() => void instance.unloadDocument(document));
      });
      this.#hold(entry);
    },
    // Runs when a direct connection (REST, the ticker) ends, before Hocuspocus's own unload check:
    // a document whose unload was called off by that request is held again here.
    onStoreDocument: async ({ documentName }: onStoreDocumentPayload) => this.#use(documentName),
    // Runs before Hocuspocus's unload check on a socket's close (and a direct connection's, when it
    // was the last): a document whose unload was called off by a newcomer is held again here.
    onDisconnect: async ({ documentName }: onDisconnectPayload) => this.#use(documentName),
    afterUnloadDocument: async ({ documentName }: afterUnloadDocumentPayload) => {
      this.#unloads.set(documentName, this.unloads(documentName) + 1);
    },
  };

  #use(name: string): void {
    const entry = this.#docs.get(name);
    if (!entry) return;
    entry.lastUsed = this.#now();
    this.#hold(entry);
  }

  #hold(entry: Held): void {
    const { document } = entry;
    if (this.#stopped || this.#idleMs === 0 || entry.held || document.isDestroyed || isUnstored(document))
      return;
    // The instance must still serve this very copy: a replaced one unloads the usual way.
    if (entry.instance.documents.get(document.name) !== document) return;
    entry.held = true;
    document.addDirectConnection();
    this.#arm(entry, this.#idleMs);
  }

  #release(entry: Held): void {
    if (!entry.held) return;
    entry.held = false;
    clearTimeout(entry.timer);
    entry.timer = undefined;
    entry.document.removeDirectConnection();
  }

  #arm(entry: Held, delayMs: number): void {
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => this.#check(entry), Math.max(0, delayMs));
    // A held document must not keep the process alive on its own.
    entry.timer.unref();
  }

  #check(entry: Held): void {
    entry.timer = undefined;
    if (!entry.held || entry.document.isDestroyed) return;
    // Someone besides the hold is on it: look again a full idle time later (their leaving also
    // refreshes lastUsed, so the document never unloads under a connection's feet).
    if (entry.document.getConnectionsCount() > 1) {
      this.#arm(entry, this.#idleMs);
      return;
    }
    const idleFor = this.#now() - entry.lastUsed;
    if (idleFor < this.#idleMs) {
      this.#arm(entry, this.#idleMs - idleFor);
      return;
    }
    this.#release(entry);
    void entry.instance.unloadDocument(entry.document);
  }
}
