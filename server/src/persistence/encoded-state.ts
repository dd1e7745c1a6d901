/**
 * A loaded document's whole state as one update (`Y.encodeStateAsUpdate(doc)`), encoded once per
 * version of the document. Encoding a 10,000-task workspace takes 100–130 ms on our machines, and
 * two paths need exactly these bytes: a new device's handshake (its SyncStep1 carries an empty
 * state vector, sync/initial-state.ts) and compaction (extension.ts). Without the cache every new
 * device pays the full encoding, and a handshake right after a compaction encodes again what the
 * compaction just encoded.
 *
 * Invalidation: every change to the store (structs, deletes, garbage collection, merges, parked
 * structs) happens inside a Yjs transaction, between its `beforeTransaction` and its
 * `afterTransactionCleanup`. Nothing is served or cached in between, and at the cleanup the bytes
 * are dropped when the transaction changed anything: a delete, a clock that moved (what makes Yjs
 * emit `update`), or parked structs or deletes that came or went. A transaction that changed
 * nothing keeps them: every new device's handshake ends with its own SyncStep2, an empty update
 * that Hocuspocus applies in a transaction, and that must not cost the next device an encoding.
 * So the bytes served always equal what `Y.encodeStateAsUpdate` would return at that moment.
 *
 * Memory: at most one encoded copy per loaded document (about 5 MB at 10,000 tasks), kept until the
 * document's next change, until nobody asked for it for KEEP_MS, or until the document is dropped
 * (a WeakMap on the document). So a quiet document that nobody opens does not hold a second copy
 * of itself for its whole idle time (sync/idle-unload.ts keeps it loaded for minutes).
 */
import * as Y from 'yjs';

type Entry = {
  bytes: Uint8Array | null;
  /** Transactions begun and not yet cleaned up (observers may start more inside the cleanup). */
  open: number;
  /** The parked structs (Yjs merges into them in place, so their update too) and deletes. */
  pending: [unknown, unknown, unknown];
  /** Drops the bytes KEEP_MS after they were last served. */
  expiry: NodeJS.Timeout | undefined;
};

/** How long unused bytes are kept: new devices opening a workspace together come within this. */
export const KEEP_MS = 30_000;

const entries = new WeakMap<Y.Doc, Entry>();
const fullEncodings = new WeakMap<Y.Doc, number>();

function entryOf(doc: Y.Doc): Entry {
  const known = entries.get(doc);
  if (known) return known;
  const entry: Entry = { bytes: null, open: 0, pending: [null, null, null], expiry: undefined };
  entries.set(doc, entry);
  doc.on('beforeTransaction', () => {
    if (entry.open === 0) entry.pending = parked(doc);
    entry.open += 1;
  });
  doc.on('afterTransactionCleanup', (tr: Y.Transaction) => {
    entry.open = Math.max(0, entry.open - 1);
    const now = parked(doc);
    if (changed(tr) || now.some((part, i) => part !== entry.pending[i])) drop(entry);
  });
  return entry;
}

/** What Yjs holds back for missing dependencies; it merges new parts into `pendingStructs.update`. */
function parked(doc: Y.Doc): [unknown, unknown, unknown] {
  const { pendingStructs, pendingDs } = doc.store;
  return [pendingStructs, pendingStructs?.update, pendingDs];
}

/** What makes Yjs emit `update` for a transaction: a delete, or a client's clock that moved. */
function changed(tr: Y.Transaction): boolean {
  if (tr.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of tr.afterState) if (tr.beforeState.get(client) !== clock) return true;
  return false;
}

/**
 * `Y.encodeStateAsUpdate(doc)`, from the cache when the document has not changed since the last
 * call. The returned bytes are shared: callers must not modify them.
 */
export function encodedState(doc: Y.Doc): Uint8Array {
  const entry = entryOf(doc);
  const settled = entry.open === 0 && doc._transaction === null;
  if (entry.bytes !== null && settled) {
    entry.expiry?.refresh();
    return entry.bytes;
  }
  const bytes = Y.encodeStateAsUpdate(doc);
  fullEncodings.set(doc, (fullEncodings.get(doc) ?? 0) + 1);
  if (settled) {
    entry.bytes = bytes;
    clearTimeout(entry.expiry);
    entry.expiry = setTimeout(() => drop(entry), KEEP_MS);
    entry.expiry.unref();
  }
  return bytes;
}

function drop(entry: Entry): void {
  entry.bytes = null;
  clearTimeout(entry.expiry);
  entry.expiry = undefined;
}

/**
 * How many times `encodedState` had to encode `doc` (cache misses): tests count them, so a
 * per-update path or a second new device that encodes the whole document again is caught.
 */
export function fullEncodingsOf(doc: Y.Doc): number {
  return fullEncodings.get(doc) ?? 0;
}
