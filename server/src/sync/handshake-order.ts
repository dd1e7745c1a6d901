/**
 * Holds a document's Update frames from a socket until that socket's sync handshake for the
 * document is done (its SyncStep2 has gone in), then lets them through in order; and bounds what a
 * socket may keep in server memory before it has proved who it is.
 *
 * Why hold: the provider queues edits made while disconnected, drops the queue on every reconnect
 * attempt and flushes what is left the moment a socket opens, before authentication and before
 * SyncStep1; an edit made at that moment is sent at once. Such an Update can build on edits the
 * server has never seen (they travel in the handshake's SyncStep2), so it looks exactly like a
 * hostile clock-gap update and would be refused, closing the document on that socket. Held back
 * until after the SyncStep2, an honest client's update is no longer a gap; a hostile one still is,
 * and the update guard refuses it.
 *
 * Why bound: holding is memory spent on a socket that may never sign in (issue 8: 150 frames of
 * 4 MiB, each for another document name, took the server from 146 to 648 MB). Every frame of a
 * document not yet authenticated on this socket is charged until the server answers its Auth —
 * the ones held here and the ones Hocuspocus queues while `onAuthenticate` runs — against a
 * per-socket cap and one budget shared by all sockets (held-bytes.ts), and a socket may have only a
 * few such documents at once. Past any of these, or when a document is still unauthenticated when
 * its wait ends, the socket is refused (closed by the caller) and what it held is dropped: an
 * honest client still has its edits and sends them again after it reconnects. Once a document is
 * authenticated its held updates are never refused for size; they go through early instead, as
 * before (the member's socket is theirs to fill, one document at a time).
 *
 * The outgoing side (`sent`) is watched for the server's Authenticated / PermissionDenied / Close
 * on each document, which is how this module learns a document's state without reaching into
 * Hocuspocus. Between Authenticated and the document's load Hocuspocus still queues, uncharged:
 * only an authenticated socket can be in that window.
 */
import {
  MESSAGE_AUTH,
  MESSAGE_CLOSE,
  MESSAGE_SYNC,
  readAuthAnswer,
  readFrameHead,
  SYNC_STEP_2,
  SYNC_UPDATE,
} from './frames.ts';
import type { HeldBytes } from './held-bytes.ts';

/**
 * What one frame costs beyond its bytes (the Buffer, its views, an array slot): without it, a
 * flood of 5-byte frames would hold a hundred times the memory its byte count says.
 */
const FRAME_OVERHEAD = 256;

/** Why a socket is refused; the caller closes it with `code` and `reason`. */
export const REFUSALS = {
  socket: { code: 1009, reason: 'too much data before authentication' },
  server: { code: 1009, reason: 'server busy: too much data awaiting authentication' },
  documents: { code: 1008, reason: 'too many documents awaiting authentication' },
  deadline: { code: 1008, reason: 'not authenticated in time' },
  // A frame whose document name and message type do not even decode: Hocuspocus would close the
  // socket too, but only after printing the decoder's stack trace for every such frame.
  unreadable: { code: 1007, reason: 'unreadable frame' },
} as const;
export type Refusal = keyof typeof REFUSALS;

type DocState = {
  /** Its SyncStep2 went in: updates pass straight through. */
  synced: boolean;
  /** The server answered Authenticated for it on this socket. */
  authenticated: boolean;
  held: Uint8Array[];
  /** Charged cost of `held`. */
  heldCost: number;
  /** Charged cost of frames handed to Hocuspocus while unauthenticated (its pre-auth queue). */
  queuedCost: number;
  timer: NodeJS.Timeout | undefined;
};

export type HandshakeOrderOptions = {
  /** Update bytes held for one authenticated document before they are let through early. */
  maxHeldBytes: number;
  /** How long updates wait for the handshake; an unauthenticated document is refused then. */
  maxWaitMs: number;
  /** What one socket may have charged before its documents are authenticated. */
  maxSocketBytes: number;
  /** Documents one socket may have awaiting authentication at once. */
  maxPendingDocuments: number;
  /** Shared by every socket of the server. */
  budget: HeldBytes;
  /** Close the socket (everything it held is already dropped). Called at most once. */
  refuse: (refusal: Refusal) => void;
};

const costOf = (frame: Uint8Array) => frame.byteLength + FRAME_OVERHEAD;

export class HandshakeOrder {
  readonly #docs = new Map<string, DocState>();
  readonly #deliver: (frame: Uint8Array) => void;
  readonly #options: HandshakeOrderOptions;
  /** Everything this socket has charged to the budget. */
  #charged = 0;
  #closed = false;

  constructor(deliver: (frame: Uint8Array) => void, options: HandshakeOrderOptions) {
    this.#deliver = deliver;
    this.#options = options;
  }

  /** What this socket holds against the shared budget now (logs, tests). */
  get charged(): number {
    return this.#charged;
  }

  /** A frame from the client. */
  accept(frame: Uint8Array): void {
    if (this.#closed) return;
    const head = readFrameHead(frame);
    // Unreadable frames close the socket here, with one log line (websocket.ts).
    if (!head) {
      this.#refuse('unreadable');
      return;
    }
    const { document } = head;
    if (head.type === MESSAGE_AUTH || head.type === MESSAGE_CLOSE) {
      // A (re-)authentication starts a new handshake for that document; what was held goes first.
      this.#release(document);
      const state = this.#docs.get(document);
      if (state) state.synced = false;
      this.#pass(document, frame);
      return;
    }
    const state = this.#state(document);
    if (!state) return;
    if (state.synced || head.type !== MESSAGE_SYNC || head.syncType !== SYNC_UPDATE) {
      this.#pass(document, frame);
      if (head.type === MESSAGE_SYNC && head.syncType === SYNC_STEP_2) this.#release(document);
      return;
    }
    const cost = costOf(frame);
    if (state.authenticated && state.heldCost + cost > this.#options.maxHeldBytes) {
      this.#release(document);
      this.#pass(document, frame);
      return;
    }
    const refusal = this.#charge(cost);
    if (refusal) {
      if (!state.authenticated) {
        this.#refuse(refusal);
        return;
      }
      this.#release(document);
      this.#pass(document, frame);
      return;
    }
    state.held.push(frame);
    state.heldCost += cost;
    this.#arm(document, state);
  }

  /** A frame the server sends this client: how a document's authentication ends is read here. */
  sent(frame: unknown): void {
    if (this.#closed || !(frame instanceof Uint8Array)) return;
    const answer = readAuthAnswer(frame);
    if (!answer) return;
    const state = this.#docs.get(answer.document);
    if (!state) return;
    if (answer.kind === 'authenticated') {
      state.authenticated = true;
      this.#uncharge(state.queuedCost);
      state.queuedCost = 0;
      if (state.held.length === 0) {
        clearTimeout(state.timer);
        state.timer = undefined;
      }
      return;
    }
    // Refused, or the document's connection ended: Hocuspocus has dropped its queue, and frames
    // held for it would only start a new, never-authenticated one. The client re-syncs on re-auth.
    this.#drop(answer.document, state);
  }

  /** The socket closed: drop what is held (the client still has it and re-sends on reconnect). */
  close(): void {
    this.#closed = true;
    for (const state of this.#docs.values()) clearTimeout(state.timer);
    this.#docs.clear();
    this.#options.budget.give(this.#charged);
    this.#charged = 0;
  }

  /** To Hocuspocus now; charged while the document is unauthenticated, since Hocuspocus queues it. */
  #pass(document: string, frame: Uint8Array): void {
    const state = this.#state(document);
    if (!state) return;
    if (!state.authenticated) {
      const cost = costOf(frame);
      const refusal = this.#charge(cost);
      if (refusal) {
        this.#refuse(refusal);
        return;
      }
      state.queuedCost += cost;
      this.#arm(document, state);
    }
    this.#deliver(frame);
  }

  /** Stops holding for `document`: everything held goes through, in arrival order. */
  #release(document: string): void {
    const state = this.#docs.get(document);
    if (!state) return;
    state.synced = true;
    // Unauthenticated, the frames move into Hocuspocus's queue and stay charged; the deadline stays.
    if (state.authenticated) {
      clearTimeout(state.timer);
      state.timer = undefined;
      this.#uncharge(state.heldCost);
    } else state.queuedCost += state.heldCost;
    state.heldCost = 0;
    for (const frame of state.held.splice(0)) this.#deliver(frame);
  }

  #drop(document: string, state: DocState): void {
    clearTimeout(state.timer);
    this.#uncharge(state.heldCost + state.queuedCost);
    this.#docs.delete(document);
  }

  /** The document's wait is over: held updates go through, unless it never authenticated. */
  #expire(document: string): void {
    const state = this.#docs.get(document);
    if (!state) return;
    state.timer = undefined;
    if (state.authenticated) this.#release(document);
    else this.#refuse('deadline');
  }

  #arm(document: string, state: DocState): void {
    state.timer ??= setTimeout(() => this.#expire(document), this.#options.maxWaitMs);
  }

  #charge(cost: number): Refusal | null {
    if (this.#charged + cost > this.#options.maxSocketBytes) return 'socket';
    if (!this.#options.budget.take(cost)) return 'server';
    this.#charged += cost;
    return null;
  }

  #uncharge(cost: number): void {
    this.#charged -= cost;
    this.#options.budget.give(cost);
  }

  #refuse(refusal: Refusal): void {
    if (this.#closed) return;
    this.close();
    this.#options.refuse(refusal);
  }

  /** The document's state, created on first sight; null (and the socket refused) past the cap. */
  #state(document: string): DocState | null {
    let state = this.#docs.get(document);
    if (state) return state;
    let pending = 0;
    for (const s of this.#docs.values()) if (!s.authenticated) pending += 1;
    if (pending >= this.#options.maxPendingDocuments) {
      this.#refuse('documents');
      return null;
    }
    state = { synced: false, authenticated: false, held: [], heldCost: 0, queuedCost: 0, timer: undefined };
    this.#docs.set(document, state);
    return state;
  }
}
