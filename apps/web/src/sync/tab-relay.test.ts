/** The relay with Node's real BroadcastChannel: an update that overtook its dependency is healed. */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TabRelay } from './tab-relay.ts';

const relays: TabRelay[] = [];
afterEach(() => {
  for (const r of relays.splice(0)) r.destroy();
});

async function eventually(check: () => boolean, ms = 3_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('tab relay', () => {
  it('a tab holding structs Yjs could not integrate asks the other tabs, and catches up', async () => {
    const channel = `relay-test-${crypto.randomUUID()}`;
    const a = new Y.Doc();
    const b = new Y.Doc();
    // Tab A does not relay what it reads from disk (written there by a tab since closed).
    relays.push(new TabRelay(a, channel, new Set(['disk'])), new TabRelay(b, channel));
    // A third writer (the server, another device): its first update reaches tab A only...
    const c = new Y.Doc();
    const updates: Uint8Array[] = [];
    c.on('update', (u: Uint8Array) => updates.push(u));
    c.getMap('tasks').set('t1', 'first');
    c.getMap('tasks').set('t2', 'second');
    const [first, second] = updates as [Uint8Array, Uint8Array];
    Y.applyUpdate(a, first, 'server');
    await eventually(() => b.getMap('tasks').get('t1') === 'first');
    // ...then a later writer's first update reaches tab A from disk only, so B never hears of it.
    const d = new Y.Doc();
    Y.applyUpdate(d, Y.encodeStateAsUpdate(c));
    const late: Uint8Array[] = [];
    d.on('update', (u: Uint8Array) => late.push(u));
    d.getMap('tasks').set('t3', 'third');
    d.getMap('tasks').set('t4', 'fourth');
    Y.applyUpdate(a, late[0] as Uint8Array, 'disk');
    Y.applyUpdate(a, second, 'server');
    // B receives late[1], which depends on late[0]: Yjs parks it until B asks the other tabs.
    const other = new BroadcastChannel(channel);
    other.postMessage({ type: 'update', update: late[1] });
    await eventually(() => b.getMap('tasks').get('t4') === 'fourth');
    other.close();
    expect(b.getMap('tasks').toJSON()).toEqual(a.getMap('tasks').toJSON());
    expect(b.store.pendingStructs).toBeNull();
  });
});
