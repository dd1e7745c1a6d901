/**
 * REST reads and writes on the live workspace document, through a Hocuspocus direct connection:
 * a write is one transaction that open boards receive at once and offline clients on reconnect,
 * and it is in SQLite before the response (the persistence extension appends synchronously inside
 * the transaction). The context names the REST user, so the update log records who wrote it. When
 * the append fails the write answers 503 and nothing of it is kept (persistence/storage-fault.ts).
 */
import { ModelError } from '@taskflow/model';
import type * as Y from 'yjs';
import { ApiError, type ErrorCode } from '../errors.ts';
import type { DirectContext } from '../sync/context.ts';
import { writeDirect } from '../sync/direct-write.ts';
import { recordName } from '../sync/people-names.ts';
import type { ApiDeps } from './api-types.ts';

const MODEL_TO_API: Record<ModelError['code'], ErrorCode> = {
  invalid_input: 'invalid_input',
  not_found: 'not_found',
  archived: 'conflict',
  schema_too_new: 'conflict',
  last_column: 'conflict',
  conflict: 'conflict',
  forbidden: 'forbidden',
};

function toApiError(error: unknown): unknown {
  return error instanceof ModelError ? new ApiError(MODEL_TO_API[error.code], error.message) : error;
}

export async function readWorkspace<T>(
  deps: Pick<ApiDeps, 'hocuspocus'>,
  workspaceId: string,
  userId: string,
  fn: (doc: Y.Doc) => T,
): Promise<T> {
  const context: DirectContext = { userId, source: 'rest' };
  const dc = await deps.hocuspocus.openDirectConnection(workspaceId, context);
  try {
    if (!dc.document) throw new Error('direct connection has no document');
    return fn(dc.document);
  } catch (error) {
    throw toApiError(error);
  } finally {
    await dc.disconnect();
  }
}

export async function writeWorkspace<T>(
  deps: Pick<ApiDeps, 'hocuspocus'>,
  workspaceId: string,
  user: { id: string; name: string },
  fn: (doc: Y.Doc) => T,
): Promise<T> {
  try {
    return await writeDirect(deps.hocuspocus, workspaceId, { userId: user.id, source: 'rest' }, (doc) => {
      const result = fn(doc);
      // After the operation: a refused operation throws before anything is written.
      recordName(doc, user.id, user.name);
      return result;
    });
  } catch (error) {
    throw toApiError(error);
  }
}
