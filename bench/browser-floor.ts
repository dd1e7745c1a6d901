/**
 * The floor for the browser bench: bench/floor/floor.tsx bundled by esbuild from node_modules
 * (React in production mode, Taskflow's own stylesheet), served with the board as plain JSON by a
 * small HTTP server in this process, plus a WebSocket on /ws that delivers remote moves.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Board } from '@taskflow/model';
import { build } from 'esbuild';
import { type WebSocket, WebSocketServer } from 'ws';
import type { FloorBoard } from './floor/floor.tsx';

const root = join(import.meta.dirname, '..');

export type FloorServer = {
  url: string;
  /** Sends a move to every open floor page; resolves with the epoch ms just before sending. */
  move(id: string, columnId: string, index: number): number;
  stop(): Promise<void>;
};

/** What a card shows, per task: the plain snapshot a board could keep beside its document. */
export function floorBoard(board: Board): FloorBoard {
  return {
    projectKey: board.project.key,
    columns: board.columns.map((c) => ({
      id: c.id,
      name: c.name,
      tasks: c.tasks.map((t) => ({
        id: t.id,
        number: t.number,
        title: t.title,
        priority: t.priority,
        labels: t.labels,
        deadline: t.deadline,
        estimate: t.estimate,
        assignee: t.assignee,
      })),
    })),
  };
}

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="UTF-8" /><title>Floor</title><link rel="stylesheet" href="/floor.css" /></head>
<body><div id="root"></div><script type="module" src="/floor.js"></script></body></html>`;

export async function startFloor(board: FloorBoard): Promise<FloorServer> {
  const out = mkdtempSync(join(tmpdir(), 'taskflow-floor-'));
  await build({
    entryPoints: { floor: join(root, 'bench/floor/floor.tsx') },
    bundle: true,
    format: 'esm',
    minify: true,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    outdir: out,
    logLevel: 'warning',
  });
  const files: Record<string, { type: string; body: string | Buffer }> = {
    '/': { type: 'text/html', body: PAGE },
    '/floor.js': { type: 'text/javascript', body: readFileSync(join(out, 'floor.js')) },
    '/floor.css': { type: 'text/css', body: readFileSync(join(root, 'apps/web/src/styles.css')) },
    '/board.json': { type: 'application/json', body: JSON.stringify(board) },
  };
  rmSync(out, { recursive: true, force: true });
  const http = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://x').pathname];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-cache' }).end(file.body);
  });
  const wss = new WebSocketServer({ server: http, path: '/ws' });
  const sockets = new Set<WebSocket>();
  wss.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    move(id, columnId, index) {
      const message = JSON.stringify({ id, columnId, index });
      const t0 = performance.timeOrigin + performance.now();
      for (const s of sockets) s.send(message);
      return t0;
    },
    async stop() {
      for (const s of sockets) s.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
