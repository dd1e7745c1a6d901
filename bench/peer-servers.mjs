// The two servers Taskflow is measured against, each in its own process like ours:
//   echo      — a raw WebSocket broadcast (the floor: no Yjs, no storage);
//   reference — the y-websocket reference server (@y/websocket-server 0.1.1, in-memory).
// Prints `listening <port>` once ready.
import http from 'node:http';
import { setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';

const kind = process.argv[2];
const server = http.createServer((_req, res) => res.end('ok'));
const wss = new WebSocketServer({ server });
if (kind === 'echo') {
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      for (const client of wss.clients) if (client !== ws && client.readyState === 1) client.send(data);
    });
  });
} else if (kind === 'reference') {
  wss.on('connection', (ws, req) => setupWSConnection(ws, req, { docName: 'default', gc: true }));
} else {
  throw new Error(`unknown server kind ${kind}`);
}
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => process.exit(0));
