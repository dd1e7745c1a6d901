/**
 * What receives the page's snapshot writes (snapshot-writer.ts): the worker, or, where there is
 * no worker, the same handling on the page's thread. Both run `runWriterMessage`.
 *
 * Messages are handled in the order they come, and everything but the put itself is synchronous,
 * so the rows held always match what the page believes is held. Puts run one after the other; a
 * put that finds its person signed out (a `close` came after it) stores nothing: sign-out deletes
 * the database right after `close` is answered, and a late put must not bring it back.
 */
import { SnapshotAssembler, type WriterMessage, type WriterReply } from './snapshot-assembler.ts';
import { closeSnapshotDb, putSnapshotText } from './snapshot-db.ts';

export type SinkState = {
  streams: Map<number, SnapshotAssembler>;
  /** People signed out: their puts are skipped. */
  closed: Set<string>;
  /** The puts and closes in flight, one after the other. */
  queue: Promise<void>;
  reply(reply: WriterReply): void;
};

/** Handles one message in arrival order; returns the new queue of puts. */
export function runWriterMessage(message: WriterMessage, state: SinkState): Promise<void> {
  const { streams, closed, queue, reply } = state;
  const answer = (seq: number, work: () => Promise<void>) =>
    queue.then(work).then(
      () => reply({ seq, ok: true }),
      (error: unknown) => reply({ seq, ok: false, error: String(error) }),
    );
  switch (message.type) {
    case 'rows': {
      let rows = streams.get(message.stream);
      if (!rows) {
        rows = new SnapshotAssembler();
        streams.set(message.stream, rows);
      }
      rows.add(message);
      return queue;
    }
    case 'write': {
      const { key } = message;
      let text: string;
      try {
        text = (streams.get(message.stream) ?? new SnapshotAssembler()).assemble(message);
      } catch (error) {
        // The page re-sends every row after a failed write; what is held now is of no use.
        streams.delete(message.stream);
        return answer(message.seq, () => Promise.reject(error));
      }
      return answer(message.seq, async () => {
        if (!closed.has(key.userId)) await putSnapshotText(key.userId, key.workspaceId, key.projectId, text);
      });
    }
    case 'forget':
      streams.delete(message.stream);
      return queue;
    case 'close':
      closed.add(message.userId);
      return answer(message.seq, () => closeSnapshotDb(message.userId));
    case 'reopen':
      closed.delete(message.userId);
      return answer(message.seq, async () => undefined);
    default:
      return unreachable(message);
  }
}

function unreachable(x: never): never {
  throw new Error(`unknown snapshot writer message ${JSON.stringify(x)}`);
}
