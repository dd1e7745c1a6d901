/**
 * Sending document content the way any client could, and reading back what the server kept: for
 * the tests of the content guard (crafted updates, forged identity, integration cost).
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { DATABASE_FILE } from '../../src/persistence/database.ts';
import { UpdateLog } from '../../src/persistence/update-log.ts';
import { readServerState, until } from './client.ts';
import {
  concat,
  MessageType,
  openAuthenticated,
  SyncType,
  varBytes,
  varString,
  varUint,
} from './raw-client.ts';

/** Hocuspocus's SyncReply frame type: a Sync message that asks for no reply. */
const SYNC_REPLY = 4;

/** Every way content reaches a document: SyncStep2 or Update, in a Sync or a SyncReply frame. */
export const TRANSPORTS = ['update', 'step2', 'reply-update', 'reply-step2'] as const;
export type Transport = (typeof TRANSPORTS)[number];

export type Outcome = { kind: 'saved' } | { kind: 'refused'; reason: string };

/**
 * Sends `update` on a fresh authenticated socket and waits for the answer: the acknowledgement,
 * or the stateless refusal (the socket's document is closed after it). A SyncStep2 goes first
 * thing after authentication, as the handshake's; an Update after a handshake with nothing in it.
 */
export async function sendContent(
  wsUrl: string,
  token: string,
  documentName: string,
  update: Uint8Array,
  transport: Transport,
): Promise<Outcome> {
  const step2 = transport === 'step2' || transport === 'reply-step2';
  const raw = await openAuthenticated(wsUrl, token, documentName, { handshake: !step2 });
  try {
    // The handshake's own (empty) SyncStep2 is acknowledged too: only answers after the send count.
    if (!step2) await raw.next((m) => m.kind === 'sync-status');
    const start = raw.received.length;
    const frameType = transport.startsWith('reply') ? SYNC_REPLY : MessageType.Sync;
    const syncType = step2 ? SyncType.Step2 : SyncType.Update;
    raw.send(concat(varString(documentName), varUint(frameType), varUint(syncType), varBytes(update)));
    const answer = await raw.next(
      (m) => raw.received.indexOf(m) >= start && (m.kind === 'stateless' || m.kind === 'sync-status'),
      15_000,
    );
    if (answer.kind === 'stateless') {
      const parsed = JSON.parse(answer.payload) as { type: string; reason: string };
      return { kind: 'refused', reason: parsed.reason };
    }
    return { kind: 'saved' };
  } finally {
    raw.close();
  }
}

/** Nothing of the document waits in Yjs's pending structs or deletes. */
export function nothingParked(doc: Y.Doc): boolean {
  return doc.store.pendingStructs === null && doc.store.pendingDs === null;
}

/**
 * The server's document as a brand-new client receives it (Hocuspocus sends pending structs
 * along, so anything parked on the server shows here too).
 */
export async function freshView(
  wsUrl: string,
  token: () => Promise<string>,
  documentName: string,
): Promise<Y.Doc> {
  return (await readServerState(wsUrl, token, documentName)).doc;
}

/** The document as stored on disk (snapshot and log), loaded into a Y.Doc; the server must be stopped. */
export function storedDoc(dataDir: string, documentName: string): Y.Doc {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    const stored = new UpdateLog(db).load(documentName);
    const doc = new Y.Doc();
    if (stored) Y.applyUpdate(doc, stored.state);
    return doc;
  } finally {
    db.close();
  }
}

/** The update that `edit` makes to a copy of `state` under `clientId`. */
export function editOf(state: Uint8Array, clientId: number, edit: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  doc.clientID = clientId;
  const before = Y.encodeStateVector(doc);
  edit(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

/**
 * A crafted edit sent as someone: `edit` made by `clientId` (fresh) on `observer`'s state, sent
 * with `token` over `transport`. Resolves with the server's answer once what was accepted has
 * reached `observer`.
 */
export async function sendEditAs(
  target: { wsUrl: string; token: string; documentName: string; observer: Y.Doc },
  clientId: number,
  edit: (doc: Y.Doc) => void,
  transport: Transport,
): Promise<{ outcome: Outcome; client: number }> {
  const { observer } = target;
  const update = editOf(Y.encodeStateAsUpdate(observer), clientId, edit);
  const relayed = until(observer, (doc) => Y.getState(doc.store, clientId) > 0);
  const outcome = await sendContent(target.wsUrl, target.token, target.documentName, update, transport);
  // An edit that changed nothing (a name already set) has no structs to wait for.
  if (outcome.kind === 'saved' && Y.decodeUpdate(update).structs.length > 0) await relayed;
  return { outcome, client: clientId };
}
