/**
 * Sync figures on a 10,000-task workspace, part of the documents section (issue 13):
 *
 * - New devices: a device with nothing stored opens the workspace right after an edit (the first
 *   one after a change pays the full encoding of the document), then a second one (served from the
 *   encoding cached for that version, server/src/sync/initial-state.ts). Time from connect to
 *   synced, as the device sees it (it also applies the whole document), and the server's CPU for
 *   the handshake.
 * - Compaction during a burst: card moves between two clients on the big document, with
 *   COMPACT_EVERY=1 (an overdue compaction, the whole document encoded and written, every 50 rows:
 *   it runs at the end of the turn, in the middle of the burst) next to compaction off
 *   (COMPACT_EVERY=1000000); the servers alternate in rounds on the same data. The p99 of the
 *   compacting server is what a compaction costs the other clients' moves.
 */
import { cardMover, type Peer, taskflowPeer } from './clients.ts';
import { cpuMs } from './processes.ts';
import { ms, ratio, type Summary, summarize, table } from './stats.ts';

/** A Taskflow server on the seeded data directory with extra settings. */
export type StartOn = (
  env: Record<string, string>,
) => Promise<{ port: number; pid: number; stop(): Promise<void> }>;

const DEVICE_ROUNDS = Number(process.env.BENCH_DEVICE_ROUNDS ?? 4);
const BURST_ROUNDS = Number(process.env.BENCH_BURST_ROUNDS ?? 2);
const BURST_MOVES = Number(process.env.BENCH_BURST_MOVES ?? 150);
const COMPACTING = { COMPACT_EVERY: '1' };
const NOT_COMPACTING = { COMPACT_EVERY: '1000000' };
const settle = (msec: number) => new Promise((r) => setTimeout(r, msec));

type Device = { synced: number; serverCpu: number };

async function newDevice(port: number, pid: number, token: string): Promise<Device> {
  const cpu = cpuMs(pid);
  const t = performance.now();
  const peer = await taskflowPeer(port, token);
  const synced = performance.now() - t;
  const serverCpu = cpuMs(pid) - cpu;
  peer.close();
  await settle(300);
  return { synced, serverCpu };
}

/** First and second new device after each of `DEVICE_ROUNDS` edits. */
async function devices(start: StartOn, token: string, userId: string): Promise<string[][]> {
  const server = await start(NOT_COMPACTING);
  const first: Device[] = [];
  const second: Device[] = [];
  const editors: Peer[] = [];
  try {
    editors.push(await taskflowPeer(server.port, token), await taskflowPeer(server.port, token));
    const mover = await cardMover(editors, userId);
    for (let round = 0; round < DEVICE_ROUNDS; round++) {
      await mover.moves(1);
      await settle(300);
      first.push(await newDevice(server.port, server.pid, token));
      second.push(await newDevice(server.port, server.pid, token));
    }
  } finally {
    for (const p of editors) p.close();
    await server.stop();
  }
  const row = (label: string, xs: Device[], base?: Device[]) => {
    const synced = summarize(xs.map((d) => d.synced));
    const cpu = summarize(xs.map((d) => d.serverCpu));
    const baseCpu = base && summarize(base.map((d) => d.serverCpu));
    return [
      label,
      String(synced.n),
      ms(synced.p50),
      ms(cpu.p50),
      ms(cpu.p99),
      baseCpu ? ratio(cpu.p50, baseCpu.p50) : '',
    ];
  };
  return [
    row('first new device after an edit (encodes the document)', first),
    row('second new device, document unchanged (cached encoding)', second, first),
  ];
}

/** Moves between two clients on the big document, compacting and not, alternating in rounds. */
async function burst(start: StartOn, token: string, userId: string): Promise<string[][]> {
  const samples = { compacting: [] as number[], off: [] as number[] };
  for (let round = 0; round < BURST_ROUNDS; round++) {
    for (const mode of ['compacting', 'off'] as const) {
      const server = await start(mode === 'compacting' ? COMPACTING : NOT_COMPACTING);
      const peers: Peer[] = [];
      try {
        peers.push(await taskflowPeer(server.port, token), await taskflowPeer(server.port, token));
        const mover = await cardMover(peers, userId);
        samples[mode].push(...(await mover.moves(BURST_MOVES)));
      } finally {
        for (const p of peers) p.close();
        await server.stop();
      }
    }
  }
  const off = summarize(samples.off);
  const row = (label: string, s: Summary) => [
    label,
    String(s.n),
    ms(s.p50),
    ms(s.p99),
    ratio(s.p50, off.p50),
    ratio(s.p99, off.p99),
  ];
  return [
    row('compaction off (COMPACT_EVERY=1000000)', off),
    row('compacting every 50 rows (COMPACT_EVERY=1)', summarize(samples.compacting)),
  ];
}

export async function runDocumentSyncBench(start: StartOn, token: string, userId: string, tasks: number) {
  const deviceRows = await devices(start, token, userId);
  const burstRows = await burst(start, token, userId);
  const size = tasks.toLocaleString('en');
  return () => {
    console.log(`\nNew devices opening the ${size}-task workspace (ms)\n`);
    console.log(
      table(
        ['device', 'samples', 'to synced p50', 'server CPU p50', 'server CPU p99', 'CPU vs first'],
        deviceRows,
      ),
    );
    console.log(`\nCard moves between two clients on the ${size}-task workspace during compactions (ms)\n`);
    console.log(table(['server', 'samples', 'p50', 'p99', 'p50 vs off', 'p99 vs off'], burstRows));
    console.log(
      '\nNew devices: an empty copy, so the server sends the whole document; "to synced" includes the' +
        '\ndevice applying it; server CPU is user + system time of the server process during the handshake' +
        '\n(10 ms resolution). Compaction: one sender, one receiver, moves one at a time; an overdue' +
        '\ncompaction encodes and writes the whole document at the end of the turn, so the moves that wait' +
        '\nfor it are the p99. Rounds alternate between the two servers on the same data.',
    );
  };
}
