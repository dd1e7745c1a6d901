/**
 * One server-side write to a workspace document (REST acting for someone, or the ticker): a
 * Hocuspocus direct connection, one transaction, and the answer to "was it stored?". The
 * persistence extension appends inside the transaction; when that append fails the change lives
 * only in a copy being discarded (persistence/storage-fault.ts), so this throws
 * StorageUnavailableError instead of returning as if the write had happened.
 */
import type { Hocuspocus } from '@hocuspocus/server';
import type * as Y from 'yjs';
import { isUnstored, StorageUnavailableError } from '../persistence/storage-fault.ts';

/** Who the write speaks for: REST's user, or the ticker (the server's own writes). */
export type DirectWriter = { userId: string; source: 'rest' } | { source: 'ticker' };

type DirectConnection = Awaited<ReturnType<Hocuspocus['openDirectConnection']>>;

/** Attempts at finding a live copy; more than one is needed only when an unload races the open. */
const OPEN_ATTEMPTS = 3;

export async function writeDirect<T>(
  hocuspocus: Hocuspocus,
  workspaceId: string,
  writer: DirectWriter,
  fn: (doc: Y.Doc) => T,
): Promise<T> {
  let dc = await hocuspocus.openDirectConnection(workspaceId, writer);
  // Hocuspocus hands out the loaded copy a few microtasks before the direct connection counts on
  // it; an unload (sync/idle-unload.ts) that finishes in between destroys that copy, and a change
  // made in a destroyed copy reaches no listener: no append, yet no error. Open again: the next
  // copy is loaded from the disk, which holds everything the destroyed one had.
  for (let attempt = 1; dc.document?.isDestroyed && attempt < OPEN_ATTEMPTS; attempt++) {
    await close(dc);
    dc = await hocuspocus.openDirectConnection(workspaceId, writer);
  }
  try {
    if (!dc.document || dc.document.isDestroyed) throw new StorageUnavailableError();
    let result: T | undefined;
    await dc.transact((doc) => {
      result = fn(doc);
    });
    if (dc.document && isUnstored(dc.document)) throw new StorageUnavailableError();
    return result as T;
  } finally {
    await close(dc);
  }
}

async function close(dc: DirectConnection): Promise<void> {
  if (dc.document?.isDestroyed) {
    // Not disconnect(): its unload check would find the name's next copy in Hocuspocus's map and
    // take that one out instead.
    dc.document.removeDirectConnection();
    dc.document = null;
    return;
  }
  await dc.disconnect();
}
