/**
 * `npm run bench`: how fast a card move reaches the other clients on one document, Taskflow next to
 * a bare WebSocket broadcast (the floor) and the y-websocket reference server, all measured in this
 * run on this machine, plus server memory per idle connection. Taskflow writes every update to
 * SQLite before it acknowledges or relays it; the two others keep everything in memory.
 *
 * BENCH_CLIENTS=2,50,200 and BENCH_MOVES=300 override the defaults. Then the ticker's cost per
 * tick at 100 and 10,000 workspaces (bench/ticker.ts), and the cost of history: bytes per change,
 * the append path with the activity projection, the board as of a moment and a task's activity
 * on a 10,000-task workspace (bench/history.ts), then each report (burndown, velocity, cumulative
 * flow, cycle time, created vs resolved, time) on a Scrum project of 10,000 tasks and 100,000
 * changes over a year, cold, warm and after one more change (bench/reports.ts), then REST create,
 * read, edit, move, a page of a project's tasks and a worklog at 10, 1,000 and 10,000 tasks as a
 * ratio to 10, with the document loaded and with nobody connected, and the server memory per loaded
 * 10,000-task document (bench/rest.ts).
 * Last, a 10,000-task project in Chromium (warm reopen, first open, local and remote move, typing in
 * the task panel) next to a plain-React floor (bench/browser.ts; about 5 minutes, and it rebuilds
 * dist/web first when that is stale). BENCH_SECTIONS=sync,ticker,history,reports,rest,browser picks
 * sections.
 */
import { runBrowserBench } from './browser.ts';
import {
  type BenchUser,
  benchUser,
  measureEcho,
  measureMoves,
  type Peer,
  referencePeer,
  taskflowPeer,
} from './clients.ts';
import { runDocumentsBench } from './documents.ts';
import { runHistoryBench } from './history.ts';
import { rssKiB, type ServerProcess, startPeer, startTaskflow } from './processes.ts';
import { runReportsBench } from './reports.ts';
import { runRestBench } from './rest.ts';
import { ms, ratio, type Summary, summarize, table } from './stats.ts';
import { runTickerBench } from './ticker.ts';

// Every provider socket adds a process 'exit' listener; hundreds of peers in one process are expected here.
process.setMaxListeners(0);

const CLIENTS = (process.env.BENCH_CLIENTS ?? '2,50,200').split(',').map(Number);
const BASE_MOVES = Number(process.env.BENCH_MOVES ?? 300);
const movesFor = (clients: number) => Math.max(20, Math.round(BASE_MOVES / Math.max(1, clients / 10)));

async function connectAll(n: number, connect: () => Promise<Peer>): Promise<Peer[]> {
  const peers: Peer[] = [];
  // In batches: hundreds of simultaneous handshakes measure the accept queue, not the sync.
  for (let i = 0; i < n; i += 25) {
    peers.push(...(await Promise.all(Array.from({ length: Math.min(25, n - i) }, connect))));
  }
  return peers;
}

const settle = (msec: number) => new Promise((r) => setTimeout(r, msec));

type Row = { clients: number; server: string; latency: Summary; idleKiB?: number; heapKiB?: number };

async function runYjs(
  clients: number,
  start: () => Promise<ServerProcess>,
  peer: (port: number, token: string) => Promise<Peer>,
  signIn?: (port: number) => Promise<BenchUser>,
): Promise<Row> {
  const server = await start();
  try {
    const user = signIn ? await signIn(server.port) : undefined;
    const token = user?.token ?? '';
    await settle(300);
    const heapBefore = await server.heapKiB();
    const before = rssKiB(server.pid);
    const peers = await connectAll(clients, () => peer(server.port, token));
    await settle(1000);
    const idleKiB = (rssKiB(server.pid) - before) / clients;
    const heapKiB = ((await server.heapKiB()) - heapBefore) / clients;
    const samples = await measureMoves(peers, movesFor(clients), user?.userId);
    for (const p of peers) p.close();
    return { clients, server: server.name, latency: summarize(samples), idleKiB, heapKiB };
  } finally {
    await server.stop();
  }
}

async function runEcho(clients: number): Promise<Row> {
  const server = await startPeer('echo');
  try {
    return {
      clients,
      server: 'raw WebSocket',
      latency: summarize(await measureEcho(server.port, clients, movesFor(clients))),
    };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  // BENCH_SECTIONS=ticker runs only the ticker section (default: sync,ticker,history,reports,rest).
  const all = 'sync,ticker,history,reports,rest,documents,browser';
  const sections = (process.env.BENCH_SECTIONS ?? all).split(',');
  if (sections.includes('sync')) await syncSection();
  if (sections.includes('ticker')) await runTickerBench();
  if (sections.includes('history')) await runHistoryBench();
  if (sections.includes('reports')) await runReportsBench();
  if (sections.includes('rest')) await runRestBench();
  if (sections.includes('documents')) await runDocumentsBench();
  if (sections.includes('browser')) await runBrowserBench();
}

async function syncSection(): Promise<void> {
  const rows: string[][] = [];
  for (const clients of CLIENTS) {
    process.stderr.write(`measuring ${clients} clients…\n`);
    const echo = await runEcho(clients);
    const reference = await runYjs(clients, () => startPeer('reference'), referencePeer);
    const taskflow = await runYjs(clients, startTaskflow, taskflowPeer, benchUser);
    for (const r of [echo, reference, taskflow]) {
      rows.push([
        String(clients),
        r.server,
        String(r.latency.n),
        ms(r.latency.p50),
        ms(r.latency.p99),
        ratio(r.latency.p50, echo.latency.p50),
        ratio(r.latency.p50, reference.latency.p50),
        ratio(r.latency.p99, reference.latency.p99),
        r.idleKiB === undefined ? '' : r.idleKiB.toFixed(1),
        r.heapKiB === undefined ? '' : r.heapKiB.toFixed(1),
      ]);
    }
  }
  console.log('\nCard move seen by the other clients (ms, loopback, one document)\n');
  console.log(
    table(
      [
        'clients',
        'server',
        'samples',
        'p50',
        'p99',
        'p50 / raw',
        'p50 / ref',
        'p99 / ref',
        'RSS KiB/conn',
        'heap KiB/conn',
      ],
      rows,
    ),
  );
  console.log(
    '\nraw = bare WebSocket broadcast (floor); ref = @y/websocket-server 0.1.1 (memory only);' +
      '\ntaskflow = Hocuspocus + SQLite append before ack. Per connected idle client: RSS KiB/conn = server' +
      '\nRSS growth; heap KiB/conn = live JS heap growth after a full GC (what the connections keep alive).',
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
