/**
 * Holds a document's Update frames from a socket until that socket's sync handshake for the
 * document is done (its SyncStep2 has gone in), then lets them through in order.
 *
 * Why: the provider queues edits made while disconnected, drops the queue on every reconnect
 * attempt and flushes what is left the moment a socket opens, before authentication and before
 * SyncStep1; an edit made at that moment is sent at once. Such an Update can build on edits the
 * server has never seen (they travel in the handshake's SyncStep2), so it looks exactly like a
 * hostile clock-gap update and would be refused, closing the document on that socket. Held back
 * until after the SyncStep2, an honest client's update is no longer a gap; a hostile one still is,
 * and the update guard refuses it. Frames are only held for a bounded time and size.
 */
import * as decoding from 'lib0/decoding';

/** Hocuspocus message types (see docs/PROTOCOL.md). */
const MESSAGE_SYNC = 0;
const MESSAGE_AUTH = 2;
const MESSAGE_CLOSE = 7;
/** y-protocols sync message types. */
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

type DocState = { synced: boolean; held: Uint8Array[]; bytes: number; timer: NodeJS.Timeout | undefined };

export type HandshakeOrderOptions = { maxHeldBytes: number; maxWaitMs: number };

export function readFrameHead(
  frame: Uint8Array,
): { document: string; type: number; syncType?: number } | null {
  try {
    const decoder = decoding.createDecoder(frame);
    const document = decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type !== MESSAGE_SYNC) return { document, type };
    return { document, type, syncType: decoding.readVarUint(decoder) };
  } catch {
    return null;
  }
}

export class HandshakeOrder {
  readonly #docs = new Map<string, DocState>();
  readonly #deliver: (frame: Uint8Array) => void;
  readonly #options: HandshakeOrderOptions;

  constructor(deliver: (frame: Uint8Array) => void, options: HandshakeOrderOptions) {
    this.#deliver = deliver;
    this.#options = options;
  }

  accept(frame: Uint8Array): void {
    const head = readFrameHead(frame);
    // Unreadable frames go straight to Hocuspocus, which closes that document connection.
    if (!head) {
      this.#deliver(frame);
      return;
    }
    if (head.type === MESSAGE_AUTH || head.type === MESSAGE_CLOSE) {
      // A (re-)authentication starts a new handshake for that document.
      this.#release(head.document);
      this.#docs.delete(head.document);
      this.#deliver(frame);
      return;
    }
    if (head.type !== MESSAGE_SYNC) {
      this.#deliver(frame);
      return;
    }
    const state = this.#state(head.document);
    if (state.synced) {
      this.#deliver(frame);
      return;
    }
    if (head.syncType === SYNC_STEP_2) {
      this.#deliver(frame);
      this.#release(head.document);
      return;
    }
    if (head.syncType !== SYNC_UPDATE) {
      this.#deliver(frame);
      return;
    }
    if (state.bytes + frame.byteLength > this.#options.maxHeldBytes) {
      this.#release(head.document);
      this.#deliver(frame);
      return;
    }
    state.held.push(frame);
    state.bytes += frame.byteLength;
    state.timer ??= setTimeout(() => this.#release(head.document), this.#options.maxWaitMs);
  }

  /** Stops holding for `document`: everything held goes through, in arrival order. */
  #release(document: string): void {
    const state = this.#docs.get(document);
    if (!state) return;
    clearTimeout(state.timer);
    state.timer = undefined;
    state.synced = true;
    const held = state.held.splice(0);
    state.bytes = 0;
    for (const frame of held) this.#deliver(frame);
  }

  #state(document: string): DocState {
    let state = this.#docs.get(document);
    if (!state) {
      state = { synced: false, held: [], bytes: 0, timer: undefined };
      this.#docs.set(document, state);
    }
    return state;
  }

  /** The socket closed: drop what is held (the client still has it and re-sends on reconnect). */
  close(): void {
    for (const state of this.#docs.values()) clearTimeout(state.timer);
    this.#docs.clear();
  }
}
