/**
 * Relays an edit to the document's other sockets as soon as it is on disk, instead of at the end
 * of the event-loop turn, and not back to the socket it came from.
 *
 * Hocuspocus queues every broadcast and sends the queue from a setImmediate (sync-server.ts keeps
 * it from flushing early). By then the sender's ack has been written to its socket and the
 * message's remaining hook chains have run: measured with bench/sync-trace.ts, 0.3 ms of a 2-client
 * card move went there, after the update was already stored. Here the queue is flushed when Yjs
 * has finished the edit's transactions (`afterAllTransactions`): every one of them has emitted its
 * `update` event by then, and the persistence extension appends inside that event, so only what is
 * stored goes out. That moment also follows the server's own writes caused by the edit (a new
 * task's number, SPEC M21, written from `afterAllTransactions` by task-numbering.ts, which is why
 * this extension comes after it): the edit and its number still reach clients in one frame.
 * It does not flush
 * - when an append failed (the copy is marked unstored and its sockets are closing), and
 * - when a SQLite transaction is still open around the Yjs transaction (a writer that edits the
 *   document inside its own database transaction): the append is then a savepoint that commits
 *   later, so the relay waits for Hocuspocus's flush at the end of the turn, as before.
 *
 * Batching is kept where it pays: only the first edit of an event-loop turn goes out at once;
 * later ones in the same turn (a burst of frames read together) are merged by Hocuspocus's
 * setImmediate flush into one frame per socket.
 *
 * No echo: Hocuspocus sends every update to every socket on the document, the sender's included,
 * which then decodes and discards what it already has: a socket write and a client-side apply per
 * edit for nothing (a third of the frames of a 2-client move). When this flush carries exactly one
 * update, made by one transaction that came from a socket, that socket is skipped (websocket.ts
 * asks `isEcho` for each frame it sends). Anything merged, from the server, or with structs Yjs
 * parked (which a later update can release into the same broadcast; the content guard refuses such
 * updates anyway) still goes to everyone.
 */
import type { afterLoadDocumentPayload, Document, Extension } from '@hocuspocus/server';
import type { Doc, Transaction } from 'yjs';
import { isUnstored } from '../persistence/storage-fault.ts';
import { isUpdateBroadcast } from './frames.ts';

export type RelayOptions = {
  /** True while a SQLite transaction is open on the database the log appends to. */
  inTransaction: () => boolean;
  /**
   * Starts a span for a relay, child of the client update it carries, and returns what ends it
   * (observability/sync-tracing.ts); unset when tracing is off.
   */
  traceBroadcast?: ((document: Doc) => (() => void) | undefined) | undefined;
};

/** The socket whose own update is being relayed right now (during one synchronous flush). */
let echoOf: unknown = null;

/** True when `frame`, about to be written to `socket`, is that socket's own update coming back. */
export function isEcho(socket: unknown, frame: Uint8Array): boolean {
  return echoOf !== null && socket === echoOf && isUpdateBroadcast(frame);
}

export function relayWhenStored(options: RelayOptions): Extension {
  return {
    extensionName: 'taskflow-relay-when-stored',
    async afterLoadDocument({ document }: afterLoadDocumentPayload) {
      let flushedThisTurn = false;
      document.on('afterAllTransactions', (_doc: unknown, transactions: Transaction[]) => {
        const queued = queuedUpdates(document);
        if (queued === 0 || flushedThisTurn || isUnstored(document) || options.inTransaction()) return;
        flushedThisTurn = true;
        setImmediate(() => {
          flushedThisTurn = false;
        });
        echoOf = queued === 1 && transactions.length === 1 ? soleSender(document, transactions[0]) : null;
        const endSpan = options.traceBroadcast?.(document);
        try {
          document.flush();
        } finally {
          echoOf = null;
          endSpan?.();
        }
      });
    },
  };
}

/**
 * How many updates wait in Hocuspocus's broadcast queue (a private field of Document in 4.7). If
 * that ever changes shape this answers "unknown" (-1): the queue is flushed, and nothing is skipped.
 */
function queuedUpdates(document: Document): number {
  const queued = (document as unknown as { pendingUpdates?: unknown }).pendingUpdates;
  return Array.isArray(queued) ? queued.length : -1;
}

/** The socket of the connection whose transaction made the only queued update, or null. */
function soleSender(document: Document, transaction: Transaction | undefined): unknown {
  const origin = transaction?.origin;
  if (typeof origin !== 'object' || origin === null) return null;
  const { source, connection } = origin as { source?: unknown; connection?: { webSocket?: unknown } };
  if (source !== 'connection' || !connection?.webSocket) return null;
  if (document.store.pendingStructs !== null || document.store.pendingDs !== null) return null;
  return connection.webSocket;
}
