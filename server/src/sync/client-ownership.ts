/**
 * Refuses an Update (sync type 2) that carries a Yjs clientID belonging to another user: Yjs trusts
 * the clientIDs in an update, so a member could otherwise write under a colleague's id and clocks
 * and desynchronise their client (research/crdt-design.md §5). Ownership is learned on first
 * sight, from Updates only. SyncStep2 may carry anyone's clientIDs (a client re-uploading what a
 * server lost), so it is allowed and teaches nothing. The server's own writes (REST, names) use the
 * live document's clientID, recorded as `system` when the document loads.
 */
import type { afterLoadDocumentPayload, beforeSyncPayload, Extension } from '@hocuspocus/server';
import * as Y from 'yjs';
import { SYSTEM_OWNER, type SyncClients } from '../accounts/sync-clients.ts';
import type { Logger } from '../logger.ts';
import { syncContextOf } from './context.ts';
import { refuse } from './update-guard.ts';

const SYNC_UPDATE = 2;

export function clientOwnership(clients: SyncClients, logger: Logger): Extension {
  return {
    extensionName: 'taskflow-client-ownership',
    async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload) {
      clients.claim(documentName, document.clientID, SYSTEM_OWNER);
    },
    async beforeSync({ type, payload, documentName, connection }: beforeSyncPayload) {
      if (type !== SYNC_UPDATE || connection.readOnly) return;
      const ctx = syncContextOf(connection);
      if (!ctx) return;
      // The update guard ran first and refused anything that does not decode.
      const { from } = Y.parseUpdateMeta(payload);
      for (const client of from.keys()) {
        const owner = clients.owner(documentName, client);
        if (owner !== undefined && owner !== ctx.userId) {
          logger.warn(
            { document: documentName, user: ctx.userId, client },
            'update with a foreign clientID refused',
          );
          refuse(connection, 'foreign-client');
        }
      }
      for (const client of from.keys()) clients.claim(documentName, client, ctx.userId);
    },
  };
}
