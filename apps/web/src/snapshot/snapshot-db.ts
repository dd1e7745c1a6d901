/**
 * The snapshot database of one person, as the page (reads) and the snapshot writer's worker
 * (writes) each open it: `taskflow:<userId>:~snapshots`, so sign-out's sweep of
 * `taskflow:<userId>:*` deletes it with the workspaces; one record per workspace and project,
 * stored as a JSON string (one string is cloned in and out of IndexedDB far faster than 10,000
 * objects).
 */
const STORE = 'boards';

export function snapshotDbName(userId: string): string {
  // `~` cannot start a workspace id, so this never names a workspace's own database.
  return `taskflow:${userId}:~snapshots`;
}

/** Open connections of this thread (the page and the worker each keep their own). */
const open = new Map<string, Promise<IDBDatabase>>();

export function snapshotDb(userId: string): Promise<IDBDatabase> {
  const existing = open.get(userId);
  if (existing) return existing;
  const name = snapshotDbName(userId);
  const opening = new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => {
      const db = request.result;
      // Another tab deleting the database (its sign-out) must not wait on this connection.
      db.onversionchange = () => {
        db.close();
        open.delete(userId);
      };
      resolve(db);
    };
    request.onerror = () => reject(request.error);
  });
  open.set(userId, opening);
  opening.catch(() => open.delete(userId));
  return opening;
}

/** Closes this thread's connection to the person's database, if any (before it is deleted). */
export async function closeSnapshotDb(userId: string): Promise<void> {
  const db = await open.get(userId)?.catch(() => null);
  db?.close();
  open.delete(userId);
}

export function snapshotRequest<T>(
  db: IDBDatabase,
  mode: IDBTransactionMode,
  run: (store: IDBObjectStore) => IDBRequest<T>,
) {
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = run(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export function putSnapshotText(userId: string, workspaceId: string, projectId: string, text: string) {
  return snapshotDb(userId).then((db) =>
    snapshotRequest(db, 'readwrite', (store) => store.put(text, [workspaceId, projectId])),
  );
}
