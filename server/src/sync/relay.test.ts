import { Connection, Document } from '@hocuspocus/server';
import { afterEach, describe, expect, it } from 'vitest';
import { markUnstored } from '../persistence/storage-fault.ts';
import { isEcho, relayWhenStored } from './relay.ts';

/** A socket as websocket.ts wraps it: it asks `isEcho` before each write. */
function socket(id: string) {
  const sent: Uint8Array[] = [];
  const ws = {
    id,
    readyState: 1,
    send: (frame: Uint8Array) => {
      if (!isEcho(ws, frame)) sent.push(frame);
    },
    close() {},
  };
  return { ws, sent };
}

/** A loaded Hocuspocus document with a socket `a` (and `b`) on it, and every frame written to them. */
async function setUp(inTransaction = () => false, before?: (doc: Document) => void) {
  const doc = new Document('w');
  before?.(doc);
  const a = socket('a');
  const b = socket('b');
  const connectionA = new Connection(a.ws, new Request('http://localhost/sync'), doc, 'a', {});
  new Connection(b.ws, new Request('http://localhost/sync'), doc, 'b', {});
  await relayWhenStored({ inTransaction }).afterLoadDocument?.({ document: doc } as never);
  const edit = (value: number) => doc.getMap('m').set('k', value);
  /** An edit as if it came from socket a. */
  const editFromA = (value: number) =>
    doc.transact(() => edit(value), { source: 'connection', connection: connectionA });
  return { doc, sent: a.sent, sentB: b.sent, edit, editFromA };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

let docs: Document[] = [];
afterEach(() => {
  for (const d of docs) d.destroy();
  docs = [];
});

describe('relay when stored', () => {
  it('sends a stored update during its own update event, not at the end of the turn', async () => {
    const { doc, sent, edit } = await setUp();
    docs.push(doc);
    edit(1);
    expect(sent).toHaveLength(1);
  });

  it('merges the rest of a burst: later updates of the same turn go out together at its end', async () => {
    const { doc, sent, edit } = await setUp();
    docs.push(doc);
    edit(1);
    edit(2);
    edit(3);
    expect(sent).toHaveLength(1);
    await nextTurn();
    expect(sent).toHaveLength(2);
    edit(4);
    expect(sent).toHaveLength(3);
  });

  it('waits for the end of the turn while a SQLite transaction is open around the edit', async () => {
    let open = true;
    const { doc, sent, edit } = await setUp(() => open);
    docs.push(doc);
    edit(1);
    expect(sent).toHaveLength(0);
    open = false;
    await nextTurn();
    expect(sent).toHaveLength(1);
  });

  it('does not send an update back to the socket it came from; the others get it', async () => {
    const { doc, sent, sentB, editFromA } = await setUp();
    docs.push(doc);
    editFromA(1);
    expect(sentB).toHaveLength(1);
    expect(sent).toHaveLength(0);
  });

  it('sends a merged batch to every socket, its senders included', async () => {
    const { doc, sent, sentB, edit, editFromA } = await setUp();
    docs.push(doc);
    edit(1);
    editFromA(2);
    await nextTurn();
    // The server's own edit went out at once; a's joined nothing else, yet came after a flush in the
    // same turn, so it is merged and sent to all at the end of the turn.
    expect(sentB).toHaveLength(2);
    expect(sent).toHaveLength(2);
  });

  it('waits for writes made at the end of the edit’s transactions (task numbers): one frame for both', async () => {
    const { doc, sentB, editFromA } = await setUp(undefined, (d) => {
      // As task-numbering.ts does, registered before the relay: a write of the server's own.
      d.on('afterAllTransactions', () => {
        if (!d.getMap('m').has('number')) d.transact(() => d.getMap('m').set('number', 1));
      });
    });
    docs.push(doc);
    editFromA(1);
    expect(sentB).toHaveLength(1);
    await nextTurn();
    expect(sentB).toHaveLength(1);
  });

  it('relays nothing at once from a copy whose append failed', async () => {
    const { doc, sent, edit } = await setUp();
    docs.push(doc);
    markUnstored(doc);
    edit(1);
    expect(sent).toHaveLength(0);
  });
});
