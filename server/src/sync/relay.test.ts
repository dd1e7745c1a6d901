import { Connection, Document } from '@hocuspocus/server';
import { afterEach, describe, expect, it } from 'vitest';
import { markUnstored } from '../persistence/storage-fault.ts';
import { relayWhenStored } from './relay.ts';

/** A loaded Hocuspocus document with one socket on it, and every frame written to that socket. */
async function setUp(inTransaction = () => false) {
  const doc = new Document('w');
  const sent: Uint8Array[] = [];
  const socket = { readyState: 1, send: (frame: Uint8Array) => sent.push(frame), close() {} };
  new Connection(socket, new Request('http://localhost/sync'), doc, 'socket-1', {});
  await relayWhenStored({ inTransaction }).afterLoadDocument?.({ document: doc } as never);
  const edit = (value: number) => doc.getMap('m').set('k', value);
  return { doc, sent, edit };
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

  it('relays nothing at once from a copy whose append failed', async () => {
    const { doc, sent, edit } = await setUp();
    docs.push(doc);
    markUnstored(doc);
    edit(1);
    expect(sent).toHaveLength(0);
  });
});
