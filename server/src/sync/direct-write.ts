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

export async function writeDirect<T>(
  hocuspocus: Hocuspocus,
  workspaceId: string,
  writer: DirectWriter,
  fn: (doc: Y.Doc) => T,
): Promise<T> {
  const dc = await hocuspocus.openDirectConnection(workspaceId, writer);
  try {
    let result: T | undefined;
    await dc.transact((doc) => {
      result = fn(doc);
    });
    if (dc.document && isUnstored(dc.document)) throw new StorageUnavailableError();
    return result as T;
  } finally {
    await dc.disconnect();
  }
}
