// The servers Taskflow is measured against, each in its own process like ours:
//   echo       — a raw WebSocket broadcast (the floor: no Yjs, no storage);
//   reference  — the y-websocket reference server (@y/websocket-server 0.1.1, in-memory);
//   hocuspocus — the framework Taskflow runs on, bare: the same Hocuspocus, but through its own
//                Server class with its defaults (crossws, whose Proxy Taskflow's mount skips, see
//                server/src/sync/raw-socket.ts), no extensions, auth, storage or guards, in memory:
//                what the framework alone costs a move, before Taskflow's work.
// Prints `listening <port>` once ready.
import http from 'node:http';
import { Server as HocuspocusServer } from '@hocuspocus/server';
import { setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';

/** A plain HTTP server whose WebSocket connections `onConnection` serves; resolves to its port. */
function wsServer(onConnection) {
  const server = http.createServer((_req, res) => res.end('ok'));
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws, req) => onConnection(ws, req, wss));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

async function start(kind) {
  if (kind === 'echo') {
    return wsServer((ws, _req, wss) => {
      ws.on('message', (data) => {
        for (const client of wss.clients) if (client !== ws && client.readyState === 1) client.send(data);
      });
    });
  }
  if (kind === 'reference') {
    return wsServer((ws, req) => setupWSConnection(ws, req, { docName: 'default', gc: true }));
  }
  if (kind === 'hocuspocus') {
    const bare = new HocuspocusServer({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: false });
    await bare.listen();
    return bare.address.port;
  }
  throw new Error(`unknown server kind ${kind}`);
}

console.log(`listening ${await start(process.argv[2])}`);
process.on('SIGTERM', () => process.exit(0));
