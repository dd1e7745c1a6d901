/**
 * The document bus (server/src/cluster/doc-bus.ts) over a real redis-server: every subscriber
 * applies every other process's update once, in seq order, whatever the order messages arrive in,
 * whether some are never published (a process that died between its commit and its publish), and
 * across a kill -9 and restart of Redis in the middle of a burst (it then converges from the log).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DocBus, decodeMessage, encodeMessage } from '../src/cluster/doc-bus.ts';
import { createLogger } from '../src/logger.ts';
import { MemoryLog, waitUntil } from './helpers/cluster.ts';
import { type RedisServer, startRedisServer } from './helpers/redis-server.ts';

const FILE = 'server/test/cluster-doc-bus.int.test.ts';
const SEED = Number(process.env.TF_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.TF_RUNS ?? 20);
const logger = createLogger('silent');

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

let prefixes = 0;
const freshPrefix = () => `test:${process.pid}:${prefixes++}:`;

/** An update's bytes that say which seq they are, so a swapped or mangled delivery shows. */
const bytesOf = (seq: number, size = 16) => {
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, seq);
  out.fill(seq % 251, 4);
  return out;
};

type Received = { seq: number; update: Uint8Array }[];

/** What a process that has `own` applied locally must have been delivered: everything else, in order. */
function expectDelivered(received: Received, total: number, own: ReadonlySet<number>): void {
  const expected = [];
  for (let seq = 1; seq <= total; seq++) if (!own.has(seq)) expected.push(seq);
  expect(received.map((r) => r.seq)).toEqual(expected);
  for (const r of received) expect(r.update).toEqual(bytesOf(r.seq));
}

test('the message format carries the seq and the bytes, or the seq alone for a large update', () => {
  expect(decodeMessage(encodeMessage(7, bytesOf(7)))).toEqual({ seq: 7, update: bytesOf(7) });
  expect(decodeMessage(encodeMessage(2 ** 40, null))).toEqual({ seq: 2 ** 40, update: null });
  expect(decodeMessage(Buffer.from([1, 2, 3]))).toBeUndefined();
  expect(decodeMessage(encodeMessage(0, null))).toBeUndefined();
});

describe('two processes on one document', () => {
  test('random arrival order, updates never published: each side ends with all the others, in order (seeded)', async () => {
    const log = new MemoryLog();
    const prefix = freshPrefix();
    // A short periodic check: an update nobody published, last in its burst, is found only by it.
    const options = {
      redisUrl: redis.url,
      readSince: log.readSince,
      logger,
      prefix,
      gapGraceMs: 20,
      checkEveryMs: 200,
    };
    const a = new DocBus(options);
    const b = new DocBus(options);
    // Other processes' updates, published late and out of order (it has no subscription itself).
    const others = new DocBus(options);
    let run = 0;
    try {
      await waitUntil(
        () => a.connected && b.connected && others.connected,
        () => 'buses connected',
      );
      await fc.assert(
        fc.asyncProperty(
          // Who appended each update: a, b, another process, or one that died before publishing.
          fc.array(fc.constantFrom('a', 'b', 'other', 'other', 'dead'), { minLength: 1, maxLength: 60 }),
          fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          fc.integer({ min: 0, max: 10 }),
          async (authors, shuffleSeed, early) => {
            const doc = `doc-${run++}`;
            const own = { a: new Set<number>(), b: new Set<number>() };
            const got: Record<'a' | 'b', Received> = { a: [], b: [] };
            const append = () => log.append(doc, bytesOf(log.head(doc) + 1));
            // Updates stored before the document was loaded here: the first catch-up delivers them.
            for (let i = 0; i < early; i++) append();
            const total = early + authors.length;
            const subA = a.subscribe(doc, 0, (seq, update) => got.a.push({ seq, update }));
            const subB = b.subscribe(doc, 0, (seq, update) => got.b.push({ seq, update }));
            const late: number[] = [];
            const sent: Promise<void>[] = [];
            for (const author of authors) {
              const seq = append();
              // As the store does: publish right after the commit, in the same turn of the loop.
              if (author === 'a' || author === 'b') {
                own[author].add(seq);
                sent.push((author === 'a' ? a : b).publish(doc, seq, bytesOf(seq)));
              } else if (author === 'other') late.push(seq);
            }
            for (const seq of shuffle(late, shuffleSeed)) sent.push(others.publish(doc, seq, bytesOf(seq)));
            await Promise.all(sent);
            await waitUntil(
              () => subA.seq === total && subB.seq === total,
              () => `${doc}: a at ${subA.seq}, b at ${subB.seq} of ${total}`,
            );
            expectDelivered(got.a, total, own.a);
            expectDelivered(got.b, total, own.b);
            await Promise.all([subA.close(), subB.close()]);
          },
        ),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    } catch (error) {
      console.error(`replay: TF_SEED=${SEED} TF_RUNS=${RUNS} npx vitest run ${FILE}`);
      throw error;
    } finally {
      await Promise.all([a.close(), b.close(), others.close()]);
    }
  });

  test('an update too large to carry is published as its seq and read from the log', async () => {
    const log = new MemoryLog();
    const options = {
      redisUrl: redis.url,
      readSince: log.readSince,
      logger,
      prefix: freshPrefix(),
      maxInlineBytes: 8,
    };
    const a = new DocBus(options);
    const b = new DocBus({ ...options, checkEveryMs: 600_000 });
    try {
      await waitUntil(
        () => a.connected && b.connected,
        () => 'both buses connected',
      );
      const got: Received = [];
      const sub = b.subscribe('big', 0, (seq, update) => got.push({ seq, update }));
      await waitUntil(
        () => b.stats.catchUps >= 1 && log.reads >= 1,
        () => 'initial catch-up',
      );
      for (let i = 0; i < 3; i++) {
        const seq = log.append('big', bytesOf(log.head('big') + 1));
        await a.publish('big', seq, bytesOf(seq));
      }
      await waitUntil(
        () => sub.seq === 3,
        () => `b at ${sub.seq}`,
      );
      expectDelivered(got, 3, new Set());
      expect(b.stats.caughtUp).toBe(3);
      await sub.close();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

test('Redis killed (-9) and restarted in the middle of a burst: every subscriber converges from the log', async (ctx) => {
  if (!redis.owned) ctx.skip();
  const log = new MemoryLog();
  // No periodic check to lean on: recovery comes from the reconnect and from the gaps seen.
  const options = {
    redisUrl: redis.url,
    readSince: log.readSince,
    logger,
    prefix: freshPrefix(),
    checkEveryMs: 600_000,
  };
  const buses = [new DocBus(options), new DocBus(options), new DocBus(options)];
  const got: Received[] = buses.map(() => []);
  const own = buses.map(() => new Set<number>());
  try {
    await waitUntil(
      () => buses.every((bus) => bus.connected),
      () => 'buses connected',
    );
    const subs = buses.map((bus, i) =>
      bus.subscribe('burst', 0, (seq, update) => got[i]?.push({ seq, update })),
    );
    const TOTAL = 600;
    for (let n = 0; n < TOTAL; n++) {
      if (n === 200) await redis.kill9();
      if (n === 400) await redis.restart();
      const writer = n % buses.length;
      const seq = log.append('burst', bytesOf(log.head('burst') + 1));
      own[writer]?.add(seq);
      await buses[writer]?.publish('burst', seq, bytesOf(seq));
      // A burst, not a loop that never yields: the subscriber connections get their turn.
      if (n % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await waitUntil(
      () => subs.every((s) => s.seq === TOTAL),
      () => `subscribers at ${subs.map((s) => s.seq).join(', ')} of ${TOTAL}`,
    );
    for (const [i] of buses.entries()) expectDelivered(got[i] ?? [], TOTAL, own[i] ?? new Set());
    // Redis really was gone for part of the burst, and the log filled what it dropped.
    expect(buses.reduce((n, bus) => n + bus.stats.publishFailed, 0)).toBeGreaterThan(0);
    expect(buses.every((bus) => bus.stats.caughtUp > 0)).toBe(true);
    await waitUntil(
      () => buses.every((bus) => bus.connected),
      () => 'buses reconnected',
    );
  } finally {
    await Promise.all(buses.map((bus) => bus.close()));
  }
});

/** Fisher–Yates with a small seeded generator (mulberry32), so a failing run replays. */
function shuffle<T>(items: T[], seed: number): T[] {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

test('a document loaded while Redis is down: read from the log now, followed live once Redis is back', async (ctx) => {
  if (!redis.owned) ctx.skip();
  const log = new MemoryLog();
  const options = {
    redisUrl: redis.url,
    readSince: log.readSince,
    logger,
    prefix: freshPrefix(),
    checkEveryMs: 600_000,
  };
  const a = new DocBus(options);
  const b = new DocBus(options);
  const got: Received = [];
  try {
    await waitUntil(
      () => a.connected && b.connected,
      () => 'both buses connected',
    );
    await redis.kill9();
    const append = async () => {
      const seq = log.append('late', bytesOf(log.head('late') + 1));
      await a.publish('late', seq, bytesOf(seq));
    };
    await append();
    await append();
    const sub = b.subscribe('late', 0, (seq, update) => got.push({ seq, update }));
    await waitUntil(
      () => sub.seq === 2,
      () => `b at ${sub.seq} while Redis is down`,
    );
    await append();
    await redis.restart();
    // The reconnect subscribes the channel it never had and reads what it missed.
    await waitUntil(
      () => sub.seq === 3 && b.connected && a.connected,
      () => `b at ${sub.seq} after the restart`,
    );
    const caughtUp = b.stats.caughtUp;
    await append();
    await waitUntil(
      () => sub.seq === 4,
      () => `b at ${sub.seq}, live`,
    );
    expectDelivered(got, 4, new Set());
    // The fourth came over Redis, not from the log: the channel really is subscribed again.
    expect(b.stats.caughtUp).toBe(caughtUp);
    await sub.close();
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
