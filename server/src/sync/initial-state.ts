/**
 * A new device's handshake served from the encoded-state cache (persistence/encoded-state.ts).
 *
 * A client opens a document with SyncStep1 carrying its state vector; the server answers with
 * SyncStep2, `Y.encodeStateAsUpdate(doc, stateVector)`. A device with nothing stored sends an
 * empty state vector and gets the whole document: 100–130 ms of encoding at 10,000 tasks, paid
 * again by every new device although the bytes are the same until the document changes.
 *
 * Hocuspocus 4.7 answers SyncStep1 in `MessageReceiver.readSyncMessage` with y-protocols'
 * `readSyncStep1`, an ES module import we cannot wrap, and has no hook around it (`beforeSync`
 * runs before it and cannot answer). So this wraps `readSyncMessage` on the exported
 * MessageReceiver's prototype: a SyncStep1 with an empty state vector is answered here, with the
 * same steps and in the same order as Hocuspocus's own branch (await `beforeSync`, write SyncStep2
 * into the reply, send the server's SyncStep1 back), only the encoding comes from the cache.
 * Every other message goes to Hocuspocus's method untouched. We do not fork Hocuspocus for one
 * branch of one method; initial-state.test.ts fails if the method or its shape disappears, and
 * test/initial-state.int.test.ts if a new device's handshake stops going through here.
 *
 * The bytes are what `encodeStateAsUpdate(doc, [0])` returns: with an empty target state vector
 * both encode every struct and the whole delete set, plus parked structs (which the content guard
 * keeps out, and which can only change inside a transaction, which empties the cache).
 */
import { type Document, MessageReceiver, OutgoingMessage } from '@hocuspocus/server';
import * as encoding from 'lib0/encoding';
import { encodedState } from '../persistence/encoded-state.ts';
import { SYNC_STEP_1, SYNC_STEP_2 } from './frames.ts';

/** The parts of Hocuspocus's IncomingMessage this uses (4.7). */
type Incoming = {
  decoder: { pos: number };
  encoder: encoding.Encoder;
  readVarUint(): number;
  readVarUint8Array(): Uint8Array;
  peekVarUint8Array(): Uint8Array;
};

/** The parts of Hocuspocus's Connection this uses (4.7). */
type Conn = {
  messageAddress?: string;
  callbacks: {
    beforeSync(connection: Conn, payload: { type: number; payload: Uint8Array }): Promise<unknown>;
  };
  send(frame: Uint8Array): void;
};

type ReadSyncMessage = (
  message: Incoming,
  document: Document,
  connection?: Conn,
  reply?: (frame: Uint8Array) => void,
  requestFirstSync?: boolean,
) => Promise<number>;

const WRAPPED = Symbol.for('taskflow.initial-state');

/** True when Hocuspocus's MessageReceiver still has the method this wraps (checked by a test). */
export function hocuspocusHasReadSyncMessage(): boolean {
  const proto = MessageReceiver.prototype as unknown as { readSyncMessage?: unknown };
  return typeof proto.readSyncMessage === 'function';
}

/** Installs the wrapper once per process (every Hocuspocus instance shares the prototype). */
export function serveInitialStateFromCache(): void {
  const proto = MessageReceiver.prototype as unknown as {
    readSyncMessage?: ReadSyncMessage;
    [WRAPPED]?: true;
  };
  const original = proto.readSyncMessage;
  if (typeof original !== 'function' || proto[WRAPPED]) return;
  proto[WRAPPED] = true;
  proto.readSyncMessage = async function (
    this: unknown,
    message,
    document,
    connection,
    reply,
    requestFirstSync = true,
  ) {
    if (!isEmptySyncStep1(message))
      return original.call(this, message, document, connection, reply, requestFirstSync);
    const type = message.readVarUint();
    const messageAddress = connection?.messageAddress ?? document.name;
    if (connection)
      await connection.callbacks.beforeSync(connection, { type, payload: message.peekVarUint8Array() });
    message.readVarUint8Array();
    // Encoded after the await, as Hocuspocus does: what the device gets is the document as of now.
    encoding.writeVarUint(message.encoder, SYNC_STEP_2);
    encoding.writeVarUint8Array(message.encoder, encodedState(document));
    if (reply && requestFirstSync) {
      reply(
        new OutgoingMessage(messageAddress)
          .createSyncReplyMessage()
          .writeFirstSyncStepFor(document)
          .toUint8Array(),
      );
    } else if (connection) {
      connection.send(
        new OutgoingMessage(messageAddress)
          .createSyncMessage()
          .writeFirstSyncStepFor(document)
          .toUint8Array(),
      );
    }
    return type;
  };
}

/** A SyncStep1 whose state vector is empty (one varuint 0: no client), read without consuming it. */
function isEmptySyncStep1(message: Incoming): boolean {
  const { pos } = message.decoder;
  try {
    if (message.readVarUint() !== SYNC_STEP_1) return false;
    const stateVector = message.readVarUint8Array();
    return stateVector.length === 1 && stateVector[0] === 0;
  } catch {
    // Hocuspocus's own method reads it again and fails the way it always has.
    return false;
  } finally {
    message.decoder.pos = pos;
  }
}
