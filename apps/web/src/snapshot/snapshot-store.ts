/**
 * Board snapshots on disk (snapshot-db.ts): read here, on the page, when a board opens; written
 * by snapshot-writer.ts, off the page's thread. Sign-out closes both.
 */
import { type BoardSnapshot, fromSnapshot } from './board-snapshot.ts';
import { closeSnapshotDb, snapshotDb, snapshotRequest } from './snapshot-db.ts';
import { closeWrites, reopenWrites, writesClosed } from './snapshot-writer.ts';

export { snapshotDbName } from './snapshot-db.ts';

/**
 * The snapshot of one project, or, with `projectId` null, of the first project of the workspace
 * that has one. Null when there is none or it is unusable (old version, bad data, broken storage).
 */
export async function readSnapshot(
  userId: string,
  workspaceId: string,
  projectId: string | null,
): Promise<BoardSnapshot | null> {
  if (writesClosed(userId)) return null;
  try {
    const db = await snapshotDb(userId);
    const range = projectId === null ? IDBKeyRange.bound([workspaceId], [workspaceId, []]) : null;
    const text = await snapshotRequest<unknown>(db, 'readonly', (store) =>
      range ? store.get(range) : store.get([workspaceId, projectId ?? '']),
    );
    if (typeof text !== 'string') return null;
    return fromSnapshot(JSON.parse(text));
  } catch (error) {
    console.warn('board snapshot not usable', error);
    return null;
  }
}

/** A new sign-in of this person in this tab: snapshots are read and written again. */
export function reopenSnapshots(userId: string): void {
  reopenWrites(userId);
}

/** Before sign-out deletes the person's databases: close ours and refuse later writes. */
export async function closeSnapshots(userId: string): Promise<void> {
  await closeWrites(userId);
  await closeSnapshotDb(userId);
}
