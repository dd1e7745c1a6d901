/**
 * The rate limits' token buckets in Redis, shared by every process (issue 16): the same buckets,
 * refill and verdicts as protection/rate-limiter.ts (a minute's allowance at most, refilling at
 * `perMinute / 60 s`; a refused request takes no token from any of its buckets; Retry-After in
 * whole seconds), so a person gets one allowance per minute, not one per instance.
 *
 * One Lua script per request does the whole check-and-take for all of its buckets, so two processes
 * charging the same person at once cannot both take the last token. It reads Redis's clock (TIME),
 * not the caller's: the instances' clocks may disagree, the server's is one. Each bucket expires
 * once it would have refilled to full (a missing bucket says the same), so memory is bounded with no
 * sweep. A request's buckets (person, address) live on different keys: a single Redis or a
 * Sentinel-managed primary, not Redis Cluster (which would need them in one hash slot).
 *
 * When Redis is unreachable or slow (no answer within `timeoutMs`) the limiter fails open: the
 * request is let through, counted (`stats.failOpen`, `onFailOpen` for the metrics) and logged once
 * per outage. A rate limit protects capacity; refusing every request because its counter is away
 * would turn a Redis outage into a full one. `fallback` (the in-process RateLimiter) may be given
 * to keep a per-instance limit meanwhile: N instances then allow N times the allowance.
 *
 * Generic over the scope names so this layer does not reach up to protection/: with
 * `RateScope` it has the same `Charge` and `Verdict` as the in-process limiter, but `take` answers
 * with a promise (docs/SCALE-OUT.md, "Rate limits", says what that changes for the callers).
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';
import { closeRedis, connectRedis } from './redis-connection.ts';

export type ScopedCharge<S extends string> = { scope: S; key: string };
export type ScopedVerdict<S extends string> = { ok: true } | { ok: false; scope: S; retryAfterS: number };

/** What the in-process limiter offers too: used while Redis is away, if given. */
export type SyncLimiter<S extends string> = { take(charges: readonly ScopedCharge<S>[]): ScopedVerdict<S> };

export type RedisRateLimiterOptions<S extends string> = {
  redisUrl: string;
  /** Allowance per minute by scope; 0 turns one off. */
  limits: Record<S, number>;
  logger: Logger;
  /** Key prefix; tests sharing one Redis give each limiter its own. */
  prefix?: string;
  /** A check that gets no answer in this time fails open. */
  timeoutMs?: number;
  onRefused?: (scope: S) => void;
  onFailOpen?: () => void;
  fallback?: SyncLimiter<S>;
};

/**
 * KEYS: the buckets; ARGV: each bucket's allowance per minute. Returns {0, 0} when every bucket had
 * a token (one is taken from each), else {i, ms}: bucket i (1-based) refused, a token in ms.
 */
const TAKE_SCRIPT = `
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local left = {}
for i = 1, #KEYS do
  local cap = tonumber(ARGV[i])
  local b = redis.call('HMGET', KEYS[i], 'tokens', 'at')
  local tokens = tonumber(b[1])
  local at = tonumber(b[2])
  if tokens == nil or at == nil then
    tokens = cap
  else
    -- Redis's clock stepping back refills nothing.
    tokens = math.min(cap, tokens + math.max(0, now - at) * cap / 60000)
  end
  if tokens < 1 then
    return {i, math.ceil((1 - tokens) * 60000 / cap)}
  end
  left[i] = tokens - 1
end
for i = 1, #KEYS do
  local cap = tonumber(ARGV[i])
  redis.call('HSET', KEYS[i], 'tokens', string.format('%.17g', left[i]), 'at', now)
  -- Gone once full again: a missing bucket is a full one.
  redis.call('PEXPIRE', KEYS[i], math.ceil((cap - left[i]) * 60000 / cap) + 1000)
end
return {0, 0}
`;

type WithTake = { tfTakeTokens(numKeys: number, ...args: (string | number)[]): Promise<[number, number]> };

export type RedisRateLimiterStats = { refused: number; failOpen: number };

export class RedisRateLimiter<S extends string> {
  readonly #redis: Redis & WithTake;
  readonly #o: RedisRateLimiterOptions<S>;
  readonly #prefix: string;
  readonly #stats: RedisRateLimiterStats = { refused: 0, failOpen: 0 };
  #failing = false;

  constructor(options: RedisRateLimiterOptions<S>) {
    this.#o = options;
    this.#prefix = options.prefix ?? 'taskflow:rate:';
    const redis = connectRedis({
      url: options.redisUrl,
      logger: options.logger,
      role: 'rate-limits',
      commandTimeoutMs: options.timeoutMs ?? 250,
    });
    // EVALSHA, and EVAL again after NOSCRIPT (a restarted Redis has forgotten the script).
    redis.defineCommand('tfTakeTokens', { lua: TAKE_SCRIPT });
    this.#redis = redis as Redis & WithTake;
  }

  get stats(): Readonly<RedisRateLimiterStats> {
    return { ...this.#stats };
  }

  /** Whether Redis is connected now (for /readyz). */
  get connected(): boolean {
    return this.#redis.status === 'ready';
  }

  enabled(scope: S): boolean {
    return this.#o.limits[scope] > 0;
  }

  /** Takes one token from each bucket named, or none when any is empty (then names the first that refused). */
  async take(charges: readonly ScopedCharge<S>[]): Promise<ScopedVerdict<S>> {
    const live = charges.filter((c) => this.enabled(c.scope));
    if (live.length === 0) return { ok: true };
    let answer: [number, number];
    try {
      answer = await this.#redis.tfTakeTokens(
        live.length,
        ...live.map((c) => `${this.#prefix}${c.scope}|${c.key}`),
        ...live.map((c) => this.#o.limits[c.scope]),
      );
    } catch (error) {
      return this.#failOpen(error, charges);
    }
    if (this.#failing) {
      this.#failing = false;
      this.#o.logger.info('rate limits: Redis answers again, shared limits enforced');
    }
    const [refusedAt, waitMs] = answer;
    const refused = live[refusedAt - 1];
    if (refusedAt === 0 || !refused) return { ok: true };
    this.#stats.refused++;
    this.#o.onRefused?.(refused.scope);
    return { ok: false, scope: refused.scope, retryAfterS: Math.max(1, Math.ceil(waitMs / 1000 - 1e-6)) };
  }

  async close(): Promise<void> {
    closeRedis(this.#redis);
  }

  #failOpen(error: unknown, charges: readonly ScopedCharge<S>[]): ScopedVerdict<S> {
    this.#stats.failOpen++;
    this.#o.onFailOpen?.();
    if (!this.#failing) {
      this.#failing = true;
      this.#o.logger.warn(
        {
          err: { message: error instanceof Error ? error.message : String(error) },
          fallback: !!this.#o.fallback,
        },
        'rate limits: Redis unreachable, failing open until it answers',
      );
    }
    return this.#o.fallback ? this.#o.fallback.take(charges) : { ok: true };
  }
}
