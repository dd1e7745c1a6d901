/**
 * Board snapshots on disk: one IndexedDB database per person (`taskflow:<userId>:~snapshots`, so
 * sign-out's sweep of `taskflow:<userId>:*` deletes it with the workspaces), one record per
 * workspace and project, stored as a JSON string (one string is cloned in and out of IndexedDB far
 * faster than 10,000 objects).
 */
import { type BoardSnapshot, fromSnapshot, toSnapshot } from './board-snapshot.ts';

const STORE = 'boards';

export function snapshotDbName(userId: string): string {
  // `~` cannot start a workspace id, so this never names a workspace's own database.
  return `taskflow:${userId}:~snapshots`;
}

const open = new Map<string, Promise<IDBDatabase>>();
/** People signed out in this tab: their late writes (a debounce in flight) are dropped. */
const closed = new Set<string>();

function database(userId: string): Promise<IDBDatabase> {
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

function request<T>(
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

/**
 * The snapshot of one project, or, with `projectId` null, of the first project of the workspace
 * that has one. Null when there is none or it is unusable (old version, bad data, broken storage).
 */
export async function readSnapshot(
  userId: string,
  workspaceId: string,
  projectId: string | null,
): Promise<BoardSnapshot | null> {
  if (closed.has(userId)) return null;
  try {
    const db = await database(userId);
    const range = projectId === null ? IDBKeyRange.bound([workspaceId], [workspaceId, []]) : null;
    const text = await request<unknown>(db, 'readonly', (store) =>
      range ? store.get(range) : store.get([workspaceId, projectId ?? '']),
    );
    if (typeof text !== 'string') return null;
    return fromSnapshot(JSON.parse(text));
  } catch (error) {
    console.warn('board snapshot not usable', error);
    return null;
  }
}

export async function writeSnapshot(
  userId: string,
  workspaceId: string,
  snapshot: BoardSnapshot,
): Promise<void> {
  if (closed.has(userId)) return;
  const text = JSON.stringify(toSnapshot(snapshot));
  const db = await database(userId);
  if (closed.has(userId)) return;
  await request(db, 'readwrite', (store) => store.put(text, [workspaceId, snapshot.board.project.id]));
}

/** A new sign-in of this person in this tab: snapshots are read and written again. */
export function reopenSnapshots(userId: string): void {
  closed.delete(userId);
}

/** Before sign-out deletes the person's databases: close ours and refuse later writes. */
export async function closeSnapshots(userId: string): Promise<void> {
  closed.add(userId);
  const db = await open.get(userId)?.catch(() => null);
  db?.close();
  open.delete(userId);
}
