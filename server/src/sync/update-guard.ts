/**
 * The one guard on document content from sockets (SPEC M15–M18).
 *
 * Hocuspocus integrates content from SyncStep2 and Update messages, inside Sync and SyncReply
 * frames alike, and calls `beforeSync` for every one of them first (MessageReceiver
 * .readSyncMessage), so checking both types here covers every way content enters a document
 * from a socket. The server's own writes (REST, the ticker, names) use direct connections and
 * never pass here. Each message, before it is applied:
 * 1. the model replays it against the document (`inspectUpdate`): refused when it does not
 *    decode (`malformed`), when Yjs would park any part of it (`gap`), or when integrating it
 *    would cost too much (`too-costly`);
 * 2. every Yjs clientID with structs new to the document must be the sender's
 *    (client-ownership.ts; structs the document has may be re-sent by anyone);
 * 3. what it writes must be the sender's to write (`findForgery`: identity fields, comments,
 *    watch keys, `people`, `meta`).
 * Refusing closes the document on that socket and the client keeps the update (a "poisoned"
 * local copy that only "reset local copy" clears), so only what no honest client sends is
 * refused. The client is told why first, with a stateless message. Frames over the size limit
 * never get here: ws closes them with 1009.
 */
import type { afterLoadDocumentPayload, beforeSyncPayload, Extension } from '@hocuspocus/server';
import {
  FORGERY_REASONS,
  findForgery,
  INSPECTION_FAILURES,
  inspectUpdate,
  type Person,
} from '@taskflow/model';
import type * as Y from 'yjs';
import { SYSTEM_OWNER, type SyncClients } from '../accounts/sync-clients.ts';
import type { Logger } from '../logger.ts';
import { claimClients, foreignClient } from './client-ownership.ts';
import { syncContextOf } from './context.ts';
import { SYNC_STEP_2, SYNC_UPDATE } from './frames.ts';

/** Why an update was refused: the model's reasons and the server's own (docs/PROTOCOL.md). */
export const REJECTION_REASONS = [...INSPECTION_FAILURES, 'foreign-client', ...FORGERY_REASONS] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** The stateless message sent before a refusal; docs/PROTOCOL.md documents it. */
export type RejectionMessage = { type: 'rejected'; reason: RejectionReason };

type Verdict =
  | { ok: true; newClients: readonly number[] }
  | { ok: false; reason: RejectionReason; detail: string };

/** Whether `update`, sent by `person`, may be applied to `doc`, and which clientIDs it writes under. */
export function judgeUpdate(
  doc: Y.Doc,
  documentName: string,
  update: Uint8Array,
  person: Person,
  clients: SyncClients,
): Verdict {
  const inspection = inspectUpdate(doc, update);
  if (!inspection.ok) return inspection;
  const foreign = foreignClient(clients, documentName, inspection.newClients, person.id);
  if (foreign !== null) return { ok: false, reason: 'foreign-client', detail: `client ${foreign}` };
  const forgery = findForgery(doc, inspection.writes, person);
  if (forgery)
    return { ok: false, reason: forgery.reason, detail: `${forgery.rule} at ${forgery.path.join('/')}` };
  return { ok: true, newClients: inspection.newClients };
}

/**
 * With several processes (issue 16) this copy may lag the log by a message in flight: a client that
 * moved here from another process re-sends structs it got there (another user's, or depending on
 * ones this copy lacks). Before refusing for `foreign-client` or `gap`, the copy reads the log
 * (`catchUp`, true when it applied anything) and the update is judged again.
 */
export type CatchUp = (documentName: string) => boolean;

export function updateGuard(clients: SyncClients, logger: Logger, catchUp?: CatchUp): Extension {
  return {
    extensionName: 'taskflow-content-guard',
    async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload) {
      // The server's own writes (REST, the ticker, names) use the live document's clientID.
      clients.claim(documentName, document.clientID, SYSTEM_OWNER);
    },
    async beforeSync({ type, payload, document, documentName, connection }: beforeSyncPayload) {
      // Read-only (viewer) connections: Hocuspocus drops their updates unapplied, so nothing to guard.
      if ((type !== SYNC_STEP_2 && type !== SYNC_UPDATE) || connection.readOnly) return;
      const started = performance.now();
      const ctx = syncContextOf(connection);
      const deny = (reason: RejectionReason, detail: string): never => {
        logger.warn(
          {
            requestId: ctx?.requestId,
            document: documentName,
            user: ctx?.userId,
            reason,
            detail,
            type,
            bytes: payload.byteLength,
            ms: Math.round(performance.now() - started),
          },
          'sync update refused',
        );
        return refuse(connection, reason);
      };
      // Every socket connection was authenticated by documents.ts: without its context there is
      // no sender to hold the content to.
      if (!ctx) return deny('forged-identity', 'no sender');
      const person = { id: ctx.userId, name: ctx.name, admin: ctx.role === 'owner' || ctx.role === 'admin' };
      let verdict = judgeUpdate(document, documentName, payload, person, clients);
      if (
        !verdict.ok &&
        (verdict.reason === 'foreign-client' || verdict.reason === 'gap') &&
        catchUp?.(documentName)
      )
        verdict = judgeUpdate(document, documentName, payload, person, clients);
      if (!verdict.ok) return deny(verdict.reason, verdict.detail);
      claimClients(clients, documentName, verdict.newClients, ctx.userId);
    },
  };
}

/** Tells the client why, then throws: Hocuspocus closes this document's connection on the socket. */
export function refuse(connection: { sendStateless(payload: string): void }, reason: RejectionReason): never {
  const message: RejectionMessage = { type: 'rejected', reason };
  connection.sendStateless(JSON.stringify(message));
  // Hocuspocus prints what a hook throws: once per remaining extension when the message is not
  // empty ("[beforeSync] …"), and with console.error(text, error) when it closes the connection.
  // A refusal is expected and logged above, so: no message, a one-line stack, and `reason` (the
  // close reason Hocuspocus sends) not enumerable, or the console would print it as an object.
  const error = new Error();
  error.stack = `Error: update refused: ${reason}`;
  Object.defineProperty(error, 'reason', { value: `rejected-${reason}`, enumerable: false });
  throw error;
}
