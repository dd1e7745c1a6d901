/**
 * Reading frames on the wire, for the sync guards: Hocuspocus's message types, the y-protocols
 * sync message types inside them (docs/PROTOCOL.md lists them), and the head of a frame in each
 * direction. One place, so the handshake order and the update guard cannot disagree about which
 * frame carries an update.
 */
import * as decoding from 'lib0/decoding';

/** Hocuspocus message types. */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_SYNC_REPLY = 4;
export const MESSAGE_CLOSE = 7;

/** y-protocols sync message types: SyncStep1 carries a state vector, the other two an update. */
export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;

/** Hocuspocus auth message types, server → client. */
export const AUTH_PERMISSION_DENIED = 1;
export const AUTH_AUTHENTICATED = 2;

/**
 * The document, message type and sync type of a client → server frame, or null when the frame
 * does not decode whole (the socket then closes with 1007: Hocuspocus would throw on it).
 */
export function readFrameHead(
  frame: Uint8Array,
): { document: string; type: number; syncType?: number } | null {
  try {
    const decoder = decoding.createDecoder(frame);
    const document = decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_AWARENESS) {
      // One length-prefixed payload, exactly: a cut-off one would throw inside Hocuspocus.
      decoding.readVarUint8Array(decoder);
      return decoding.hasContent(decoder) ? null : { document, type };
    }
    if (type !== MESSAGE_SYNC && type !== MESSAGE_SYNC_REPLY) return { document, type };
    const syncType = decoding.readVarUint(decoder);
    if (syncType > SYNC_UPDATE) return null;
    decoding.readVarUint8Array(decoder);
    return decoding.hasContent(decoder) ? null : { document, type, syncType };
  } catch {
    return null;
  }
}

/**
 * The document and outcome of a server → client Auth answer or Close, or null for anything else.
 * Most frames the server sends are broadcast updates: they are told apart by their type byte,
 * without decoding the document name.
 */
export function readAuthAnswer(
  frame: Uint8Array,
): { document: string; kind: 'authenticated' | 'ended' } | null {
  try {
    const decoder = decoding.createDecoder(frame);
    const nameLength = decoding.readVarUint(decoder);
    const nameStart = decoder.pos;
    decoder.pos += nameLength;
    const type = decoding.readVarUint(decoder);
    if (type !== MESSAGE_AUTH && type !== MESSAGE_CLOSE) return null;
    const document = new TextDecoder().decode(frame.subarray(nameStart, nameStart + nameLength));
    if (type === MESSAGE_CLOSE) return { document, kind: 'ended' };
    const answer = decoding.readVarUint(decoder);
    if (answer === AUTH_AUTHENTICATED) return { document, kind: 'authenticated' };
    if (answer === AUTH_PERMISSION_DENIED) return { document, kind: 'ended' };
    return null;
  } catch {
    return null;
  }
}

/**
 * True for a server → client frame that carries a document update (Sync, Update): the broadcast
 * of an edit. Read from the type bytes after the document name, without decoding the name.
 */
export function isUpdateBroadcast(frame: Uint8Array): boolean {
  try {
    const decoder = decoding.createDecoder(frame);
    const nameLength = decoding.readVarUint(decoder);
    decoder.pos += nameLength;
    return decoding.readVarUint(decoder) === MESSAGE_SYNC && decoding.readVarUint(decoder) === SYNC_UPDATE;
  } catch {
    return false;
  }
}
