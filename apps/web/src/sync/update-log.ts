/**
 * The workspace's local copy on disk: a log of Yjs updates in IndexedDB, in the layout y-indexeddb 9
 * uses (database = the workspace's name, store `updates` with auto-increment keys, store `custom`),
 * so copies written by earlier versions of the app open unchanged, offline edits included.
 *
 * Plain callbacks, not promises: the read-merge-write of `loadAndCompact` must happen inside one
 * IndexedDB transaction (another tab may append meanwhile), and a transaction closes once a task
 * ends with no request pending. Compaction runs in a worker (local-store.worker.ts): Y.mergeUpdates
 * decodes and re-encodes every struct, as costly as applying them.
 */
import * as Y from 'yjs';

export const UPDATES = 'updates';
const CUSTOM = 'custom';

export function openUpdateLog(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(UPDATES)) db.createObjectStore(UPDATES, { autoIncrement: true });
      if (!db.objectStoreNames.contains(CUSTOM)) db.createObjectStore(CUSTOM);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error(`IndexedDB ${name} is blocked`));
  });
}

/** Every stored update, in order; `records` counts them. */
export function readUpdates(db: IDBDatabase): Promise<Uint8Array[]> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(UPDATES, 'readonly');
    const request = tx.objectStore(UPDATES).getAll();
    tx.oncomplete = () =>
      resolve((request.result as unknown[]).filter((u): u is Uint8Array => u instanceof Uint8Array));
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export type Loaded = {
  /** Everything on disk as one update, or null when there is nothing yet. */
  update: Uint8Array | null;
  /** Records on disk after this call (1 once compacted). */
  records: number;
};

/**
 * Reads every stored update and merges them into one (Y.mergeUpdates: no document needed, so this
 * can run off the main thread). With `compactAt` records or more, the merged update replaces them
 * in the same transaction, so nothing appended meanwhile is lost and nothing is stored twice.
 */
export function loadAndCompact(db: IDBDatabase, compactAt: number): Promise<Loaded> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(UPDATES, 'readwrite');
    const store = tx.objectStore(UPDATES);
    let loaded: Loaded = { update: null, records: 0 };
    tx.oncomplete = () => resolve(loaded);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    const keysRequest = store.getAllKeys();
    const valuesRequest = store.getAll();
    valuesRequest.onsuccess = () => {
      const keys = keysRequest.result as number[];
      const updates = (valuesRequest.result as unknown[]).filter(
        (u): u is Uint8Array => u instanceof Uint8Array,
      );
      if (updates.length === 0) return;
      const update = updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates);
      loaded = { update, records: keys.length };
      const last = keys.at(-1);
      if (keys.length >= compactAt && keys.length > 1 && last !== undefined) {
        // add() clones the value now, so the caller may transfer `update` right after.
        store.add(update);
        store.delete(IDBKeyRange.upperBound(last));
        loaded = { update, records: 1 };
      }
    };
  });
}

/** Appends one update; resolves once it is on disk. */
export function appendUpdate(db: IDBDatabase, update: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(UPDATES, 'readwrite');
    tx.objectStore(UPDATES).add(update);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}
