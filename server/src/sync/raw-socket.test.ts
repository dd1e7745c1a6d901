import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { types } from 'node:util';
import crossws from 'crossws/adapters/node';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { rawSocket } from './raw-socket.ts';

describe('rawSocket', () => {
  it("is the peer's own ws socket, not crossws's Proxy over it, and it sends", async () => {
    const seen: { peerSocketIsProxy: boolean; ourSocketIsProxy: boolean; readyState: number }[] = [];
    const ws = crossws({
      hooks: {
        open(peer) {
          const socket = rawSocket(peer);
          seen.push({
            peerSocketIsProxy: types.isProxy(peer.websocket),
            ourSocketIsProxy: types.isProxy(socket),
            readyState: socket.readyState,
          });
          socket.send(new Uint8Array([7, 8, 9]));
        },
      },
    });
    const server = createServer();
    server.on('upgrade', (request, socket, head) => ws.handleUpgrade(request, socket, head));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = new WebSocket(`ws://127.0.0.1:${port}/`);
    const frame = await new Promise<Buffer>((resolve) => client.once('message', (d) => resolve(d as Buffer)));
    client.close();
    server.close();
    // The premise: crossws hands out a Proxy (a trap on every read); rawSocket does not.
    expect(seen).toEqual([{ peerSocketIsProxy: true, ourSocketIsProxy: false, readyState: 1 }]);
    expect([...frame]).toEqual([7, 8, 9]);
  });

  it('falls back to the Proxy when the socket is not where crossws 0.4 keeps it', () => {
    const websocket = { send() {} };
    expect(rawSocket({ websocket })).toBe(websocket);
    expect(rawSocket({ websocket, _internal: { ws: 'not a socket' } } as never)).toBe(websocket);
  });
});
