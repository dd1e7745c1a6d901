/**
 * The cross-process pieces of issue 16 on their own (server/src/cluster/), before they are wired
 * into the server: how long a document update takes from `publish` on one doc bus to `deliver` on
 * another over a real redis-server (paced at 100/s and 500/s, and a burst of 5,000), and how long
 * a lease takes to change hands after its holder's connection is terminated (real PostgreSQL).
 * The whole-server figures (1 vs 3 instances) come once the bus is in the sync path.
 */
import pg from 'pg';
import { DocBus } from '../server/src/cluster/doc-bus.ts';
import { Lease } from '../server/src/cluster/lease.ts';
import { createLogger } from '../server/src/logger.ts';
import { MemoryLog, waitUntil } from '../server/test/helpers/cluster.ts';
import { startPostgres } from '../server/test/helpers/engines.ts';
import { startRedisServer } from '../server/test/helpers/redis-server.ts';
import { ms, summarize, table } from './stats.ts';

const logger = createLogger('silent');
const UPDATE_BYTES = 200;
const LEASE_RETRY_MS = 300;
const LEASE_ROUNDS = 10;

async function busLatency(redisUrl: string, count: number, perSecond: number): Promise<number[]> {
  const log = new MemoryLog();
  const options = { redisUrl, readSince: log.readSince, logger, prefix: `bench:${count}:${perSecond}:` };
  const from = new DocBus(options);
  const to = new DocBus(options);
  const sentAt = new Map<number, number>();
  const samples: number[] = [];
  try {
    await waitUntil(
      () => from.connected && to.connected,
      () => 'buses connected',
    );
    const sub = to.subscribe('doc', 0, (seq) =>
      samples.push(performance.now() - (sentAt.get(seq) ?? Number.NaN)),
    );
    await waitUntil(
      () => to.stats.catchUps > 0,
      () => 'subscribed',
    );
    const update = new Uint8Array(UPDATE_BYTES).fill(7);
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      const seq = log.append('doc', update);
      sentAt.set(seq, performance.now());
      void from.publish('doc', seq, update);
      if (perSecond > 0) {
        const due = start + ((i + 1) * 1000) / perSecond;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      } else if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await waitUntil(
      () => sub.seq === count,
      () => `delivered ${sub.seq} of ${count}`,
      60_000,
    );
    return samples;
  } finally {
    await Promise.all([from.close(), to.close()]);
  }
}

async function leaseTakeover(databaseUrl: string): Promise<number[]> {
  const leases = Array.from(
    { length: 3 },
    () =>
      new Lease({
        databaseUrl,
        name: 'bench',
        retryMs: LEASE_RETRY_MS,
        logger,
        onAcquired: () => {},
        onLost: () => {},
      }),
  );
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const samples: number[] = [];
  try {
    // Processes start at unrelated moments: their retry timers are out of phase, as in production.
    for (const lease of leases) {
      lease.start();
      await new Promise((resolve) => setTimeout(resolve, Math.random() * LEASE_RETRY_MS));
    }
    for (let round = 0; round < LEASE_ROUNDS; round++) {
      await waitUntil(
        () => leases.some((l) => l.held && l.pid !== undefined),
        () => 'a holder',
      );
      const holder = leases.find((l) => l.held);
      const at = performance.now();
      await admin.query('SELECT pg_terminate_backend($1)', [holder?.pid]);
      // The old holder hears of it from its connection first; only then is "someone holds" news.
      await waitUntil(
        () => !holder?.held,
        () => 'the holder told',
      );
      await waitUntil(
        () => leases.some((l) => l.held),
        () => 'a holder again',
      );
      samples.push(performance.now() - at);
    }
    return samples;
  } finally {
    await admin.end();
    await Promise.all(leases.map((l) => l.stop()));
  }
}

export async function runClusterBench(): Promise<void> {
  const redis = await startRedisServer();
  const postgres = await startPostgres();
  try {
    const rows: string[][] = [];
    for (const [count, rate, label] of [
      [1_000, 100, '100/s'],
      [2_000, 500, '500/s'],
      [5_000, 0, 'burst of 5,000'],
    ] as const) {
      const s = summarize(await busLatency(redis.url, count, rate));
      rows.push([label, String(s.n), ms(s.p50), ms(s.p99)]);
    }
    console.log(
      `\ncluster: doc bus, publish to deliver on another bus (${UPDATE_BYTES}-byte updates, redis-server on loopback)`,
    );
    console.log(table(['pace', 'updates', 'p50 ms', 'p99 ms'], rows));
    const takeover = summarize(await leaseTakeover(await postgres.createDatabase('bench_lease')));
    console.log(
      `\ncluster: lease takeover after pg_terminate_backend of the holder (retry period ${LEASE_RETRY_MS} ms)`,
    );
    console.log(
      table(['rounds', 'p50 ms', 'p99 ms'], [[String(takeover.n), ms(takeover.p50), ms(takeover.p99)]]),
    );
  } finally {
    await Promise.all([redis.stop(), postgres.stop()]);
  }
}
