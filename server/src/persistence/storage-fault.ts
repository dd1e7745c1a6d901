/**
 * Storage faults (issue 8): a full disk, a write lock held past busy_timeout, an I/O error, and
 * on PostgreSQL (issue 16) a database that cannot be reached.
 *
 * Yjs cannot take a change back, so once an append fails the loaded copy of a document is ahead
 * of the disk: it must never be stored on top of, acknowledged from or relayed. The persistence
 * extension marks such a document here, closes its sockets and lets it unload; the next
 * connection loads the disk's state again and clients re-send what they still hold. Writers that
 * used a direct connection (REST, the ticker) ask here whether their transaction reached the
 * disk. A WeakSet keyed by the document: it imports nothing and dies with the document.
 */
import type * as Y from 'yjs';
import { storageErrorKind } from './engine/errors.ts';

const unstored = new WeakSet<Y.Doc>();
const listeners = new WeakMap<Y.Doc, (() => void)[]>();

export function markUnstored(doc: Y.Doc): void {
  if (unstored.has(doc)) return;
  unstored.add(doc);
  for (const listener of listeners.get(doc) ?? []) listener();
  listeners.delete(doc);
}

/**
 * Calls `listener` once when `doc` is marked unstored: what keeps a copy loaded (sync/idle-unload.ts)
 * lets it go, so it unloads and the next connection reads the disk.
 */
export function whenUnstored(doc: Y.Doc, listener: () => void): void {
  if (unstored.has(doc)) {
    listener();
    return;
  }
  listeners.set(doc, [...(listeners.get(doc) ?? []), listener]);
}

/** True when a change made in `doc` could not be stored (the copy is discarded). */
export function isUnstored(doc: Y.Doc): boolean {
  return unstored.has(doc);
}

/** Thrown to writers whose change did not reach the disk; the API answers 503. */
export class StorageUnavailableError extends Error {
  override name = 'StorageUnavailableError';
  constructor(cause?: unknown) {
    super('storage unavailable: the change was not saved', { cause });
  }
}

/**
 * Whether `error` is a storage fault (retry later), rather than a bug or a bad request: the disk
 * or the database is full, a lock was held too long, PostgreSQL is unreachable, or I/O failed
 * (engine/errors.ts reads both engines' codes).
 */
export function isStorageFault(error: unknown): boolean {
  if (error instanceof StorageUnavailableError) return true;
  const kind = storageErrorKind(error);
  return kind !== undefined && kind !== 'unique';
}
