/**
 * Builds and stores board snapshots off the page's thread (snapshot-writer.ts posts to it): an
 * IndexedDB put of a 10,000-task board's 1.25 MB string alone held the page 10-40 ms.
 * The handling itself is in snapshot-sink.ts, shared with the page's fallback.
 */
import type { WriterMessage, WriterReply } from './snapshot-assembler.ts';
import { runWriterMessage, type SinkState } from './snapshot-sink.ts';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<WriterMessage>) => void) | null;
  postMessage(message: WriterReply): void;
};

const state: SinkState = {
  streams: new Map(),
  closed: new Set(),
  queue: Promise.resolve(),
  reply: (reply) => scope.postMessage(reply),
};

scope.onmessage = ({ data }) => {
  state.queue = runWriterMessage(data, state);
};
