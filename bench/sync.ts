/**
 * The sync section of `npm run bench` (issue 13, must-show 3): how fast a card move reaches the
 * other clients on one document, and what each idle connection costs the server, for Taskflow next
 * to a bare WebSocket broadcast (the floor) and the y-websocket reference server, all measured in
 * this run on this machine. Taskflow writes every update to SQLite before it acknowledges or relays
 * it; the two others keep everything in memory.
 *
 * The machine is shared and noisy, so the three servers run side by side and their moves are
 * interleaved in rounds (floor, reference, Taskflow, floor, …): a burst of load elsewhere hits all
 * three, and the ratios stay meaningful.
 *
 * Memory per idle connection: each server's first client loads the document; then, after a full
 * GC in the server process, its live heap, resident set and memory outside the heap are read, the
 * other N-1 clients connect, and after another full GC the growth is divided by N-1. (Memory per
 * loaded 10,000-task document is in the `documents` section.)
 *
 * BENCH_CLIENTS=2,50,200, BENCH_MOVES=300 (per server at 10 clients; fewer at more clients, where
 * each move yields a sample per receiver) and BENCH_ROUNDS=10 override the defaults.
 */
import { loadavg } from 'node:os';
import {
  benchUser,
  cardMover,
  echoMover,
  type Mover,
  type Peer,
  rawSocket,
  referencePeer,
  taskflowPeer,
} from './clients.ts';
import { cpuMs, type Memory, type ServerProcess, startPeer, startTaskflow } from './processes.ts';
import { ms, ratio, type Summary, summarize, table } from './stats.ts';

const CLIENTS = (process.env.BENCH_CLIENTS ?? '2,50,200').split(',').map(Number);
const BASE_MOVES = Number(process.env.BENCH_MOVES ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const movesFor = (clients: number) => Math.max(20, Math.round(BASE_MOVES / Math.max(1, clients / 10)));

const settle = (msec: number) => new Promise((r) => setTimeout(r, msec));

async function connectAll<T>(n: number, connect: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  // In batches: hundreds of simultaneous handshakes measure the accept queue, not the sync.
  for (let i = 0; i < n; i += 25) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(25, n - i) }, connect))));
  }
  return out;
}

type Setup = { name: string; server: ServerProcess; mover: Mover; perConnection: Memory };

/** Memory growth from `before` to `after`, per connection. */
function perConnection(before: Memory, after: Memory, connections: number): Memory {
  const per = (key: keyof Memory) => (after[key] - before[key]) / Math.max(1, connections);
  return { heapKiB: per('heapKiB'), rssKiB: per('rssKiB'), externalKiB: per('externalKiB') };
}

/**
 * Starts a server, connects one client (which loads the document), reads memory, connects the
 * other `clients - 1`, reads memory again; returns the server with a mover over all the clients.
 */
async function setUp<C>(
  name: string,
  clients: number,
  start: () => Promise<ServerProcess>,
  connect: (server: ServerProcess) => Promise<() => Promise<C>>,
  mover: (connections: C[]) => Promise<Mover> | Mover,
): Promise<Setup> {
  const server = await start();
  try {
    const open = await connect(server);
    const first = await open();
    await settle(300);
    const before = await server.memory();
    const rest = await connectAll(clients - 1, open);
    await settle(1000);
    const after = await server.memory();
    return {
      name,
      server,
      mover: await mover([first, ...rest]),
      perConnection: perConnection(before, after, clients - 1),
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** `cpuPerMove`: the server process's CPU time (user + system) per move, in ms. */
type Row = { setup: Setup; latency: Summary; cpuPerMove: number };

async function measure(clients: number): Promise<Row[]> {
  const setups: Setup[] = [];
  try {
    setups.push(
      await setUp(
        'raw WebSocket',
        clients,
        () => startPeer('echo'),
        async (s) => () => rawSocket(s.port),
        echoMover,
      ),
    );
    setups.push(
      await setUp(
        'reference',
        clients,
        () => startPeer('reference'),
        async (s) => () => referencePeer(s.port),
        (peers: Peer[]) => cardMover(peers),
      ),
    );
    let userId = '';
    setups.push(
      await setUp(
        'taskflow',
        clients,
        startTaskflow,
        async (s) => {
          const user = await benchUser(s.port);
          userId = user.userId;
          return () => taskflowPeer(s.port, user.token);
        },
        (peers: Peer[]) => cardMover(peers, userId),
      ),
    );
    const total = movesFor(clients);
    const rounds = Math.max(1, Math.min(ROUNDS, total));
    const perRound = Math.ceil(total / rounds);
    const samples = setups.map(() => [] as number[]);
    const cpu = setups.map(() => 0);
    for (let r = 0; r < rounds; r++) {
      for (const [i, s] of setups.entries()) {
        const before = cpuMs(s.server.pid);
        samples[i]?.push(...(await s.mover.moves(perRound)));
        cpu[i] = (cpu[i] ?? 0) + cpuMs(s.server.pid) - before;
      }
    }
    const moves = rounds * perRound;
    return setups.map((setup, i) => ({
      setup,
      latency: summarize(samples[i] ?? []),
      cpuPerMove: (cpu[i] ?? 0) / moves,
    }));
  } finally {
    for (const s of setups) {
      s.mover.close();
      await s.server.stop();
    }
  }
}

const kib = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');

export async function runSyncBench(): Promise<void> {
  const rows: string[][] = [];
  const loadBefore = loadavg()[0] ?? 0;
  for (const clients of CLIENTS) {
    process.stderr.write(`sync: measuring ${clients} clients…\n`);
    const measured = await measure(clients);
    const floor = measured[0]?.latency;
    const reference = measured[1]?.latency;
    for (const { setup, latency, cpuPerMove } of measured) {
      rows.push([
        String(clients),
        setup.name,
        String(latency.n),
        ms(latency.p50),
        ms(latency.p99),
        floor ? ratio(latency.p50, floor.p50) : 'n/a',
        reference ? ratio(latency.p50, reference.p50) : 'n/a',
        reference ? ratio(latency.p99, reference.p99) : 'n/a',
        cpuPerMove.toFixed(2),
        kib(setup.perConnection.rssKiB),
        kib(setup.perConnection.heapKiB),
        kib(setup.perConnection.externalKiB),
      ]);
    }
  }
  console.log(
    '\nCard move seen by the other clients (ms, loopback, one document), and memory per idle client\n',
  );
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
        'server CPU ms/move',
        'RSS KiB/conn',
        'heap KiB/conn',
        'ext KiB/conn',
      ],
      rows,
    ),
  );
  console.log(
    `\n${[
      'raw = bare WebSocket broadcast (floor); ref = @y/websocket-server 0.1.1 (memory only);',
      'taskflow = Hocuspocus + SQLite append before ack and relay. Moves interleaved in rounds across',
      "the three. Server CPU = the server process's user + system time per move (what load elsewhere",
      'barely changes). Per idle client, after a full GC in the server: RSS = resident set growth,',
      'heap = live JS heap growth, ext = memory outside the heap (Buffers). Aim: p50 / ref <= 1.0x at',
      'every size; RSS <= 40 KiB per connection at 200. Load average (1 min):',
      `${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after (2 cores).`,
    ].join('\n')}`,
  );
}
