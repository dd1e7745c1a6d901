/**
 * Rate limits shared by every process (server/src/cluster/redis-rate-limiter.ts) on a real
 * redis-server: one allowance per person across instances (the in-process limiter would give each
 * instance its own), the check-and-take atomic under concurrent charges from several instances, a
 * refused request charged nothing, and with Redis gone the limiter fails open, logs once and counts
 * it, then enforces the limits again when Redis is back.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { RedisRateLimiter } from '../src/cluster/redis-rate-limiter.ts';
import { createLogger } from '../src/logger.ts';
import { RateLimiter, type RateScope } from '../src/protection/rate-limiter.ts';
import { waitUntil } from './helpers/cluster.ts';
import { type RedisServer, startRedisServer } from './helpers/redis-server.ts';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

const LIMITS: Record<RateScope, number> = {
  'rest-write:person': 10,
  'rest-write:address': 4,
  'sync-connection:person': 0,
  'sync-connection:address': 0,
  'sync-update:person': 20,
  'sync-update:address': 0,
};

let prefixes = 0;
/** Limiters sharing buckets, connected (before that they fail open, like during an outage). */
async function limiters(
  count: number,
  extra: Partial<ConstructorParameters<typeof RedisRateLimiter<RateScope>>[0]> = {},
): Promise<RedisRateLimiter<RateScope>[]> {
  const prefix = `test:rate:${process.pid}:${prefixes++}:`;
  const made = Array.from(
    { length: count },
    () =>
      new RedisRateLimiter<RateScope>({
        redisUrl: redis.url,
        limits: LIMITS,
        logger: createLogger('silent'),
        prefix,
        ...extra,
      }),
  );
  await waitUntil(
    () => made.every((l) => l.connected),
    () => 'limiters connected',
  );
  return made;
}

test('one allowance per person across instances: 10 a minute is 10 in all, not 10 on each', async () => {
  const [a, b] = await limiters(2);
  if (!a || !b) throw new Error('no limiters');
  try {
    const verdicts = [];
    for (let i = 0; i < 16; i++)
      verdicts.push(await (i % 2 ? a : b).take([{ scope: 'rest-write:person', key: 'ann' }]));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(10);
    const refusal = verdicts[10];
    // A token every 6 s at 10 a minute.
    expect(refusal).toEqual({ ok: false, scope: 'rest-write:person', retryAfterS: 6 });
    // Another person has their own bucket; an unlimited scope is never charged.
    expect(await a.take([{ scope: 'rest-write:person', key: 'bob' }])).toEqual({ ok: true });
    expect(await a.take([{ scope: 'sync-connection:person', key: 'ann' }])).toEqual({ ok: true });
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('atomic across instances: 60 charges at once from 3 instances take exactly the 20 tokens there are', async () => {
  const all = await limiters(3);
  try {
    const verdicts = await Promise.all(
      Array.from({ length: 60 }, (_, i) => all[i % 3]?.take([{ scope: 'sync-update:person', key: 'ann' }])),
    );
    expect(verdicts.filter((v) => v?.ok)).toHaveLength(20);
  } finally {
    await Promise.all(all.map((l) => l.close()));
  }
});

test('a refused request takes no token from any of its buckets', async () => {
  const [limiter] = await limiters(1);
  if (!limiter) throw new Error('no limiter');
  try {
    const both = [
      { scope: 'rest-write:person', key: 'ann' },
      { scope: 'rest-write:address', key: '10.0.0.1' },
    ] as const;
    for (let i = 0; i < 4; i++) expect((await limiter.take(both)).ok).toBe(true);
    expect(await limiter.take(both)).toMatchObject({ ok: false, scope: 'rest-write:address' });
    // The person's bucket lost only the 4 that passed: 6 left, from another address.
    const elsewhere = [both[0], { scope: 'rest-write:address', key: '10.0.0.2' }] as const;
    for (let i = 0; i < 4; i++) expect((await limiter.take(elsewhere)).ok).toBe(true);
    expect((await limiter.take([both[0]])).ok).toBe(true);
    expect((await limiter.take([both[0]])).ok).toBe(true);
    expect(await limiter.take([both[0]])).toMatchObject({ ok: false, scope: 'rest-write:person' });
    expect(limiter.stats.refused).toBe(2);
  } finally {
    await limiter.close();
  }
});

test('Redis gone: requests pass (fail open), logged once and counted; back: limits hold again', async (ctx) => {
  if (!redis.owned) ctx.skip();
  const lines: { msg: string; level: number }[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
  let failOpen = 0;
  const [plain] = await limiters(1, { logger, onFailOpen: () => failOpen++ });
  // With the in-process limiter as fallback the instance keeps a limit of its own meanwhile.
  const local = new RateLimiter({ limits: LIMITS });
  const [withFallback] = await limiters(1, { fallback: local });
  if (!plain || !withFallback) throw new Error('no limiters');
  const ann = [{ scope: 'rest-write:person', key: 'ann' }] as const;
  try {
    expect((await plain.take(ann)).ok).toBe(true);
    await redis.kill9();
    const during = await Promise.all(Array.from({ length: 30 }, () => plain.take(ann)));
    expect(during.every((v) => v.ok)).toBe(true);
    expect(plain.stats.failOpen).toBe(30);
    expect(failOpen).toBe(30);
    expect(lines.filter((l) => l.msg.startsWith('rate limits: Redis unreachable'))).toHaveLength(1);
    const fallbackVerdicts = [];
    for (let i = 0; i < 12; i++) fallbackVerdicts.push(await withFallback.take(ann));
    expect(fallbackVerdicts.filter((v) => v.ok)).toHaveLength(10);

    await redis.restart();
    await waitUntil(
      () => plain.connected,
      () => 'reconnected',
    );
    // The restarted Redis is empty: a full bucket of 10, then refusals.
    const after = [];
    for (let i = 0; i < 11; i++) after.push(await plain.take(ann));
    expect(after.map((v) => v.ok)).toEqual([...Array(10).fill(true), false]);
    expect(plain.stats.failOpen).toBe(30);
    expect(lines.some((l) => l.msg.startsWith('rate limits: Redis answers again'))).toBe(true);
  } finally {
    await Promise.all([plain.close(), withFallback.close()]);
  }
});
