/**
 * Refuses clearly hostile sync payloads before Hocuspocus applies them (research/crdt-design.md
 * §2c, §5). Only two things are refused, because refusing closes the document on that socket and
 * the client keeps the update (a "poisoned" local copy):
 * - malformed updates: Yjs integrates an update's structs before it reads its delete set, so a
 *   cut-off delete set would leave half an update applied (and stored) before the error;
 * - clock gaps: an update whose first clock for some client lies beyond what the server has. Yjs
 *   would park it in pendingStructs, invisible yet stored and re-sent to every client forever.
 * Before refusing, the client is told why with a stateless message, so a UI can offer
 * "reset local copy". Frames over the size limit never get here: ws closes them with 1009.
 */
import type { beforeSyncPayload, Extension } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { Logger } from '../logger.ts';

export const REJECTION_REASONS = ['gap', 'malformed', 'foreign-client', 'foreign-watch'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** The stateless message sent before a refusal; docs/PROTOCOL.md documents it. */
export type RejectionMessage = { type: 'rejected'; reason: RejectionReason };

/** y-protocols/sync message types; SyncStep1 carries a state vector, the others an update. */
const SYNC_STEP_1 = 0;

/** Why `update` must not be applied to `doc`, or null when it may. */
export function inspectUpdate(doc: Y.Doc, update: Uint8Array): RejectionReason | null {
  let structs: ReturnType<typeof Y.decodeUpdate>['structs'];
  try {
    // Decodes every struct and the delete set: throws on truncated or garbled bytes.
    structs = Y.decodeUpdate(update).structs;
  } catch {
    return 'malformed';
  }
  const firstClock = new Map<number, number>();
  for (const s of structs) {
    const seen = firstClock.get(s.id.client);
    if (seen === undefined || s.id.clock < seen) firstClock.set(s.id.client, s.id.clock);
  }
  for (const [client, clock] of firstClock) {
    if (clock > Y.getState(doc.store, client)) return 'gap';
  }
  return null;
}

export function updateGuard(logger: Logger): Extension {
  return {
    extensionName: 'taskflow-update-guard',
    async beforeSync({ type, payload, document, documentName, connection }: beforeSyncPayload) {
      // Read-only (viewer) connections: Hocuspocus drops their updates unapplied, so nothing to guard.
      if (type === SYNC_STEP_1 || connection.readOnly) return;
      const reason = inspectUpdate(document, payload);
      if (reason === null) return;
      logger.warn({ document: documentName, reason, type, bytes: payload.byteLength }, 'sync update refused');
      refuse(connection, reason);
    },
  };
}

/** Tells the client why, then throws: Hocuspocus closes this document's connection on the socket. */
export function refuse(connection: { sendStateless(payload: string): void }, reason: RejectionReason): never {
  const message: RejectionMessage = { type: 'rejected', reason };
  connection.sendStateless(JSON.stringify(message));
  throw Object.assign(new Error(`update refused: ${reason}`), { reason: `rejected-${reason}` });
}
