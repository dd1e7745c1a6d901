/**
 * Relays an update to the document's other sockets as soon as it is on disk, instead of at the end
 * of the event-loop turn.
 *
 * Hocuspocus queues every broadcast and sends the queue from a setImmediate (sync-server.ts keeps
 * it from flushing early). By then the sender's ack has been written to its socket and the
 * message's remaining hook chains have run: measured with bench/sync-trace.ts, 0.3 ms of a 2-client
 * card move went there, after the update was already stored. This listener is registered right
 * after the persistence extension's, whose append commits inside the same `update` event, so
 * flushing here sends only what is stored. It does not flush
 * - when the append failed (the copy is marked unstored and its sockets are closing), and
 * - when a SQLite transaction is still open around the Yjs transaction (a writer that edits the
 *   document inside its own database transaction): the append is then a savepoint that commits
 *   later, so the relay waits for Hocuspocus's flush at the end of the turn, as before.
 *
 * Batching is kept where it pays: only the first update of an event-loop turn goes out at once;
 * later ones in the same turn (a burst of frames read together) are merged by Hocuspocus's
 * setImmediate flush into one frame per socket.
 */
import type { afterLoadDocumentPayload, Extension } from '@hocuspocus/server';
import { isUnstored } from '../persistence/storage-fault.ts';

export type RelayOptions = {
  /** True while a SQLite transaction is open on the database the log appends to. */
  inTransaction: () => boolean;
};

export function relayWhenStored(options: RelayOptions): Extension {
  return {
    extensionName: 'taskflow-relay-when-stored',
    async afterLoadDocument({ document }: afterLoadDocumentPayload) {
      let flushedThisTurn = false;
      document.on('update', () => {
        if (flushedThisTurn || isUnstored(document) || options.inTransaction()) return;
        flushedThisTurn = true;
        setImmediate(() => {
          flushedThisTurn = false;
        });
        document.flush();
      });
    },
  };
}
