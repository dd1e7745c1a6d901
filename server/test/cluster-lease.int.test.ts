/**
 * Leases on a real PostgreSQL (server/src/cluster/lease.ts): of three processes' lease clients one
 * holds the role; when its connection is terminated or its process is killed (-9), it stops at once
 * and a holder is back within about one retry period; sampled all along, never two at once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Lease } from '../src/cluster/lease.ts';
import { createLogger } from '../src/logger.ts';
import { waitUntil } from './helpers/cluster.ts';
import { startPostgres, type TestPostgres } from './helpers/engines.ts';

const RETRY_MS = 300;
/** How long a takeover may take here: one period, plus a loaded 2-core CI machine's scheduling. */
const TAKEOVER_WAIT_MS = 2 * RETRY_MS + 2_000;
const logger = createLogger('silent');

let postgres: TestPostgres;
let databaseUrl: string;
beforeAll(async () => {
  postgres = await startPostgres();
  databaseUrl = await postgres.createDatabase('lease');
});
afterAll(async () => {
  await postgres?.stop();
});

type Member = { lease: Lease; events: string[] };

function members(count: number, name: string): Member[] {
  return Array.from({ length: count }, () => {
    const events: string[] = [];
    const lease = new Lease({
      databaseUrl,
      name,
      retryMs: RETRY_MS,
      logger,
      onAcquired: () => events.push('acquired'),
      onLost: () => events.push('lost'),
    });
    return { lease, events };
  });
}

/** Counts, every few milliseconds, how many members believe they hold the role; keeps the maximum. */
function sampleHolders(all: Member[]) {
  let max = 0;
  let samples = 0;
  const timer = setInterval(() => {
    samples++;
    max = Math.max(max, all.filter((m) => m.lease.held).length);
  }, 3);
  return {
    stop: () => {
      clearInterval(timer);
      return { max, samples };
    },
  };
}

async function sql(query: string, params: unknown[] = []): Promise<void> {
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(query, params);
  } finally {
    await client.end();
  }
}

test('three members: one holds; its connection terminated, it stops at once and a holder is back within a period', async () => {
  const all = members(3, 'ticker');
  const sampler = sampleHolders(all);
  const failovers: number[] = [];
  try {
    for (const m of all) m.lease.start();
    await waitUntil(
      () => all.some((m) => m.lease.held),
      () => 'a first holder',
    );
    const holders = new Set<Member>();
    for (let round = 0; round < 6; round++) {
      const holder = all.find((m) => m.lease.held);
      if (!holder?.lease.pid) throw new Error('no holder with a connection');
      holders.add(holder);
      const lostBefore = holder.events.filter((e) => e === 'lost').length;
      const killedAt = performance.now();
      await sql('SELECT pg_terminate_backend($1)', [holder.lease.pid]);
      // It learns of it from its own connection, not at its next check.
      await waitUntil(
        () => holder.events.filter((e) => e === 'lost').length === lostBefore + 1,
        () => 'the holder told it lost the lease',
      );
      await waitUntil(
        () => all.some((m) => m.lease.held),
        () => `a holder again, round ${round}`,
        TAKEOVER_WAIT_MS,
      );
      failovers.push(performance.now() - killedAt);
    }
    const { max, samples } = sampler.stop();
    expect(samples).toBeGreaterThan(10);
    expect(max).toBe(1);
    // Whoever tries first after the termination wins, the terminated member included; over six
    // rounds the role has moved between members at least once.
    expect(holders.size).toBeGreaterThan(1);
    console.info(
      `lease failover after pg_terminate_backend (retry ${RETRY_MS} ms): ${failovers.map((ms) => ms.toFixed(0)).join(', ')} ms`,
    );
  } finally {
    sampler.stop();
    await Promise.all(all.map((m) => m.lease.stop()));
  }
});

test('the holder process killed with SIGKILL: another process holds within a period', async () => {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/test/fixtures/cluster/lease-holder.ts',
      databaseUrl,
      'email-sender',
      String(RETRY_MS),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    out += chunk;
  });
  const others = members(2, 'email-sender');
  const sampler = sampleHolders(others);
  try {
    await waitUntil(
      () => out.includes('acquired'),
      () => `the child holds (stdout: ${out})`,
      30_000,
    );
    for (const m of others) m.lease.start();
    // Both have tried (and failed) at least once while the child holds.
    await waitUntil(
      () => others.every((m) => m.lease.pid !== undefined),
      () => 'the others connected',
    );
    expect(others.some((m) => m.lease.held)).toBe(false);
    const killedAt = performance.now();
    child.kill('SIGKILL');
    await waitUntil(
      () => others.some((m) => m.lease.held),
      () => 'another process holds',
      TAKEOVER_WAIT_MS,
    );
    console.info(
      `lease failover after kill -9 of the holder (retry ${RETRY_MS} ms): ${(performance.now() - killedAt).toFixed(0)} ms`,
    );
    expect(sampler.stop().max).toBeLessThanOrEqual(1);
    expect(others.filter((m) => m.lease.held)).toHaveLength(1);
  } finally {
    sampler.stop();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(others.map((m) => m.lease.stop()));
  }
});

test('stop() gives the role up (onLost first) and another member takes it; roles are independent', async () => {
  const [first, second] = members(2, 'ticker-stop');
  const [other] = members(1, 'other-role');
  if (!first || !second || !other) throw new Error('no members');
  try {
    first.lease.start();
    await waitUntil(
      () => first.lease.held,
      () => 'first holds',
    );
    second.lease.start();
    other.lease.start();
    // A different role is a different lock: held at the same time as the first.
    await waitUntil(
      () => other.lease.held,
      () => 'the other role held',
    );
    expect(second.lease.held).toBe(false);
    await first.lease.stop();
    expect(first.events).toEqual(['acquired', 'lost']);
    await waitUntil(
      () => second.lease.held,
      () => 'second holds after the stop',
      TAKEOVER_WAIT_MS,
    );
  } finally {
    await Promise.all([first.lease.stop(), second.lease.stop(), other.lease.stop()]);
  }
});
