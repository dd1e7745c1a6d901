/**
 * The sync section of `npm run bench` (issue 13, must-show 3): how fast a card move reaches the
 * other clients on one document, and what each idle connection costs the server, for Taskflow next
 * to a bare WebSocket broadcast (the floor), the y-websocket reference server and Hocuspocus with
 * none of Taskflow's extensions (the framework's own share), all measured in this run on this
 * machine. Taskflow writes every update to SQLite before it acknowledges or relays it; the others
 * keep everything in memory.
 *
 * The machine is shared and noisy, so the servers run side by side and their moves are interleaved
 * in rounds (floor, reference, bare Hocuspocus, Taskflow, floor, …): a burst of load elsewhere hits
 * all of them, and the ratios stay meaningful.
 *
 * Memory per idle connection: each server's first client loads the document; then, always after
 * a full GC in the server process, its live heap, resident set and memory outside the heap are
 * read, N-1 clients connect and it is read again, they leave, N-1 new ones connect and it is read a
 * third time. The growth per connection of that last round is what a connection keeps ("warm");
 * the first round's ("cold") also holds what the process grows once, on its first burst of
 * handshakes (compiled code, allocator arenas, the crypto thread pool), spread over N-1. (Memory
 * per loaded 10,000-task document is in the `documents` section.)
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
import { type CommitFloor, commitFloor, type Synchronous } from './commit-floor.ts';
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

type Setup = {
  name: string;
  server: ServerProcess;
  mover: Mover;
  /** The first N-1 idle clients: includes what the server grows once (compiled code, allocator arenas). */
  cold: Memory;
  /** N-1 idle clients after N-1 others came and left: what each connection keeps. */
  warm: Memory;
};

/**
 * The server's memory once it has stopped moving: read (after a full GC) every half second until
 * two readings of the live heap agree within 0.5 %. Sockets that were closed are gone by then even
 * on a loaded machine, where a fixed pause was not enough.
 */
async function settledMemory(server: ServerProcess): Promise<Memory> {
  let last = await server.memory();
  for (let i = 0; i < 20; i++) {
    await settle(500);
    const now = await server.memory();
    if (Math.abs(now.heapKiB - last.heapKiB) <= 0.005 * last.heapKiB) return now;
    last = now;
  }
  return last;
}

/** Memory growth from `before` to `after`, per connection. */
function perConnection(before: Memory, after: Memory, connections: number): Memory {
  const per = (key: keyof Memory) => (after[key] - before[key]) / Math.max(1, connections);
  return { heapKiB: per('heapKiB'), rssKiB: per('rssKiB'), externalKiB: per('externalKiB') };
}

/**
 * Starts a server, connects one client (which loads the document) and reads memory; connects the
 * other `clients - 1` and reads it again (cold); lets them go, connects `clients - 1` new ones and
 * reads it a third time (warm). Returns the server with a mover over the clients connected last.
 */
async function setUp<C>(
  name: string,
  clients: number,
  start: () => Promise<ServerProcess>,
  connect: (server: ServerProcess) => Promise<{ open: () => Promise<C>; close: (c: C) => void }>,
  mover: (connections: C[]) => Promise<Mover> | Mover,
): Promise<Setup> {
  const server = await start();
  try {
    const { open, close } = await connect(server);
    const first = await open();
    const empty = await settledMemory(server);
    const leaving = await connectAll(clients - 1, open);
    const full = await settledMemory(server);
    for (const c of leaving) close(c);
    const again = await settledMemory(server);
    const rest = await connectAll(clients - 1, open);
    const after = await settledMemory(server);
    return {
      name,
      server,
      mover: await mover([first, ...rest]),
      cold: perConnection(empty, full, clients - 1),
      warm: perConnection(again, after, clients - 1),
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

type Row = { setup: Setup; latency: Summary; cpuPerMove: number };

async function measure(clients: number): Promise<{ rows: Row[]; commit: Record<Synchronous, Summary> }> {
  const setups: Setup[] = [];
  try {
    setups.push(
      await setUp(
        'raw WebSocket',
        clients,
        () => startPeer('echo'),
        async (s) => ({ open: () => rawSocket(s.port), close: (ws) => ws.close() }),
        echoMover,
      ),
    );
    setups.push(
      await setUp(
        'reference',
        clients,
        () => startPeer('reference'),
        async (s) => ({ open: () => referencePeer(s.port), close: (p: Peer) => p.close() }),
        (peers: Peer[]) => cardMover(peers),
      ),
    );
    setups.push(
      await setUp(
        BARE_HOCUSPOCUS,
        clients,
        () => startPeer('hocuspocus'),
        // No auth on the bare server: the token is sent and ignored.
        async (s) => ({ open: () => taskflowPeer(s.port, 'none'), close: (p: Peer) => p.close() }),
        (peers: Peer[]) => cardMover(peers),
      ),
    );
    for (const [name, env] of TASKFLOW_MODES) {
      let userId = '';
      setups.push(
        await setUp(
          name,
          clients,
          () => startTaskflow(env),
          async (s) => {
            const user = await benchUser(s.port);
            userId = user.userId;
            return { open: () => taskflowPeer(s.port, user.token), close: (p: Peer) => p.close() };
          },
          (peers: Peer[]) => cardMover(peers, userId),
        ),
      );
    }
    const total = movesFor(clients);
    const rounds = Math.max(1, Math.min(ROUNDS, total));
    const perRound = Math.ceil(total / rounds);
    const samples = setups.map(() => [] as number[]);
    const cpu = setups.map(() => 0);
    const commits = { normal: [] as number[], full: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      for (const [i, s] of setups.entries()) {
        const before = cpuMs(s.server.pid);
        samples[i]?.push(...(await s.mover.moves(perRound)));
        cpu[i] = (cpu[i] ?? 0) + cpuMs(s.server.pid) - before;
      }
      for (const mode of ['normal', 'full'] as const) commits[mode].push(...floors[mode].commits(perRound));
    }
    const moves = rounds * perRound;
    return {
      rows: setups.map((setup, i) => ({
        setup,
        latency: summarize(samples[i] ?? []),
        cpuPerMove: (cpu[i] ?? 0) / moves,
      })),
      commit: { normal: summarize(commits.normal), full: summarize(commits.full) },
    };
  } finally {
    for (const s of setups) {
      s.mover.close();
      await s.server.stop();
    }
  }
}

/**
 * Taskflow as it runs by default (DB_SYNCHRONOUS=normal: each update committed to the WAL before
 * its ack and relay, durable across a process crash) and with DB_SYNCHRONOUS=full (an fsync per
 * update: durable across a power cut too).
 */
const TASKFLOW_MODES: [string, Record<string, string>, Synchronous][] = [
  ['taskflow', {}, 'normal'],
  ['taskflow, sync=FULL', { DB_SYNCHRONOUS: 'full' }, 'full'],
];

/**
 * Hocuspocus with nothing of Taskflow's: its own Server with its defaults, no auth, storage,
 * guards or effects (bench/peer-servers.mjs). Taskflow's p50 over this row is the share of its own work.
 */
const BARE_HOCUSPOCUS = 'hocuspocus, bare';

/** The durability mode of a Taskflow row, by name; undefined for the other servers. */
const modeOf = (name: string): Synchronous | undefined => TASKFLOW_MODES.find(([n]) => n === name)?.[2];

/** The commit floor of each mode (commit-floor.ts), measured in the same rounds as the moves. */
let floors: Record<Synchronous, CommitFloor>;

/** Row `i`'s p50 over `base`. */
const ratioTo = (rows: Row[], i: number, base: number) => {
  const row = rows[i];
  return row ? ratio(row.latency.p50, base) : 'n/a';
};

const kib = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
/** Below this many connections, memory pages (and GC timing) make a per-connection figure noise. */
const MIN_CONNECTIONS_FOR_MEMORY = 10;

export async function runSyncBench(): Promise<void> {
  const rows: string[][] = [];
  const loadBefore = loadavg()[0] ?? 0;
  floors = { normal: commitFloor('normal'), full: commitFloor('full') };
  for (const clients of CLIENTS) {
    process.stderr.write(`sync: measuring ${clients} clients…\n`);
    const { rows: measured, commit } = await measure(clients);
    const floor = measured[0]?.latency;
    const reference = measured[1]?.latency;
    const bare = measured.find((m) => m.setup.name === BARE_HOCUSPOCUS)?.latency;
    /** The reference plus the commit a durable server cannot skip: the floor of a durable move. */
    const durable = (i: number, mode: Synchronous) =>
      reference ? ratioTo(measured, i, reference.p50 + commit[mode].p50) : 'n/a';
    for (const [i, { setup, latency, cpuPerMove }] of measured.entries()) {
      const mode = modeOf(setup.name);
      rows.push([
        String(clients),
        setup.name,
        String(latency.n),
        ms(latency.p50),
        ms(latency.p99),
        floor ? ratio(latency.p50, floor.p50) : 'n/a',
        reference ? ratio(latency.p50, reference.p50) : 'n/a',
        reference ? ratio(latency.p99, reference.p99) : 'n/a',
        mode ? durable(i, mode) : '',
        mode && bare ? ratio(latency.p50, bare.p50) : '',
        cpuPerMove.toFixed(2),
        ...(clients - 1 < MIN_CONNECTIONS_FOR_MEMORY
          ? ['', '', '', '']
          : [
              kib(setup.warm.rssKiB),
              kib(setup.warm.heapKiB),
              kib(setup.warm.externalKiB),
              kib(setup.cold.rssKiB),
            ]),
      ]);
    }
    for (const mode of ['normal', 'full'] as const) {
      const c = commit[mode];
      const label = `SQLite commit alone, ${mode === 'full' ? 'FULL' : 'NORMAL'}`;
      rows.push([
        String(clients),
        label,
        String(c.n),
        ms(c.p50),
        ms(c.p99),
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
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
        'p50 / (ref + commit)',
        'p50 / bare hocuspocus',
        'server CPU ms/move',
        'RSS KiB/conn',
        'heap KiB/conn',
        'ext KiB/conn',
        'RSS cold',
      ],
      rows,
    ),
  );
  console.log(
    `\n${[
      'raw = bare WebSocket broadcast (floor); ref = @y/websocket-server 0.1.1 (memory only);',
      'taskflow = Hocuspocus + SQLite append before ack and relay. Moves interleaved in rounds across',
      "the servers. Server CPU = the server process's user + system time per move (what load elsewhere",
      'barely changes). Per idle client, after a full GC in the server, with N-1 clients that came and',
      'left first: RSS = resident set growth, heap = live JS heap growth, ext = memory outside the',
      'heap (Buffers); RSS cold = the same for the first N-1 clients, which also pays what the process',
      'grows once (compiled code, allocator arenas, crypto threads); blank under 10 connections.',
      'taskflow, sync=FULL = the same with DB_SYNCHRONOUS=full (an fsync per update). SQLite commit alone =',
      'one move-sized row committed in WAL mode in the bench process, on the same disk (bench/commit-floor.ts):',
      'what storing before the relay costs at least; p50 / (ref + commit) sets Taskflow against the',
      'reference plus that commit (NORMAL for taskflow, FULL for sync=FULL). hocuspocus, bare = the',
      'framework Taskflow runs on, in memory, with no auth, storage, guards or effects: p50 / bare',
      "hocuspocus is the share of Taskflow's own work, p50 / ref of that row the framework's.",
      'Aim: p50 / ref <= 1.0x at every size; RSS <= 40 KiB per connection at 200.',
      'Load average (1 min):',
      `${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after (2 cores).`,
    ].join('\n')}`,
  );
}
