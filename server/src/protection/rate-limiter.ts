/**
 * Token buckets, in memory, keyed by scope and key (a user id or a client address): the one
 * limiter behind the REST-write and sync limits (issue 15, "Protect").
 *
 * A bucket holds up to a minute's allowance (`perMinute` tokens) and refills continuously at
 * `perMinute / 60 s`, so a person may burst a minute's worth at once (a paste of 50 tasks, a
 * reconnect that replays an offline afternoon) and is then held to the steady rate. A token bucket
 * rather than a sliding window: one number and a time per key, and a refusal can say exactly when
 * the next token arrives (Retry-After).
 *
 * A refused request takes no token, from any of its buckets: a client retrying too early does not
 * push its own wait further out, and a request refused per address costs the person nothing.
 *
 * Memory is bounded: a bucket that has refilled to full says nothing a missing bucket would not,
 * so sweeps drop those; past `maxKeys` the oldest buckets go first (failing open for their keys,
 * never refusing someone by mistake). One process (scale-out moves this to Redis, like the login
 * limiter).
 */
export const RATE_SCOPES = [
  'rest-write:person',
  'rest-write:address',
  'sync-connection:person',
  'sync-connection:address',
  'sync-update:person',
  'sync-update:address',
] as const;
export type RateScope = (typeof RATE_SCOPES)[number];

/** Allowance per minute for each scope; 0 turns that limit off. */
export type RateLimits = Record<RateScope, number>;

export type Charge = { scope: RateScope; key: string };

export type Verdict = { ok: true } | { ok: false; scope: RateScope; retryAfterS: number };

/**
 * What the limits' callers take: this in-process limiter, or the one every process shares through
 * Redis (cluster/redis-rate-limiter.ts, REDIS_URL), whose verdicts arrive as promises. Callers
 * await only a promise, so the in-process limiter answers in the same turn, as before.
 */
export type Limiter = {
  enabled(scope: RateScope): boolean;
  take(charges: readonly Charge[]): Verdict | Promise<Verdict>;
};

export type RateLimiterOptions = {
  limits: RateLimits;
  now?: () => number;
  /** Buckets kept at most; the default holds ~100k people and addresses in a few MB. */
  maxKeys?: number;
  /** Told of every refusal, by the scope that refused (the metrics count them). */
  onRefused?: (scope: RateScope) => void;
};

type Bucket = { tokens: number; at: number };

const MINUTE_MS = 60_000;
const DEFAULT_MAX_KEYS = 100_000;
/** A sweep every this many charges keeps idle buckets from piling up between size checks. */
const SWEEP_EVERY = 10_000;

export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #limits: RateLimits;
  readonly #now: () => number;
  readonly #maxKeys: number;
  readonly #onRefused: ((scope: RateScope) => void) | undefined;
  #charges = 0;

  constructor(options: RateLimiterOptions) {
    this.#limits = { ...options.limits };
    this.#now = options.now ?? Date.now;
    this.#maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
    this.#onRefused = options.onRefused;
  }

  /** Whether the scope limits anything (0 turns it off). */
  enabled(scope: RateScope): boolean {
    return this.#limits[scope] > 0;
  }

  /**
   * Takes one token from each bucket named, or none when any of them is empty: then the verdict
   * names the first scope that refused and the whole seconds until it has a token again.
   */
  take(charges: readonly Charge[]): Verdict {
    const now = this.#now();
    const live: Bucket[] = [];
    for (const { scope, key } of charges) {
      const perMinute = this.#limits[scope];
      if (perMinute <= 0) continue;
      const bucket = this.#refill(`${scope}\n${key}`, perMinute, now);
      if (bucket.tokens < 1) {
        this.#onRefused?.(scope);
        const waitMs = ((1 - bucket.tokens) * MINUTE_MS) / perMinute;
        // Rounded up to whole seconds, after forgiving float dust (0.95 tokens + 1 s is a whole token).
        return { ok: false, scope, retryAfterS: Math.max(1, Math.ceil(waitMs / 1000 - 1e-6)) };
      }
      live.push(bucket);
    }
    for (const bucket of live) bucket.tokens -= 1;
    this.#charges += live.length;
    if (this.#buckets.size > this.#maxKeys || this.#charges >= SWEEP_EVERY) this.#sweep(now);
    return { ok: true };
  }

  /** Buckets held now (tests check that memory stays bounded). */
  get size(): number {
    return this.#buckets.size;
  }

  #refill(id: string, perMinute: number, now: number): Bucket {
    let bucket = this.#buckets.get(id);
    if (!bucket) {
      bucket = { tokens: perMinute, at: now };
      this.#buckets.set(id, bucket);
      return bucket;
    }
    // A clock that steps back (an injected test clock, an NTP correction) refills nothing.
    const elapsed = Math.max(0, now - bucket.at);
    bucket.tokens = Math.min(perMinute, bucket.tokens + (elapsed * perMinute) / MINUTE_MS);
    bucket.at = Math.max(bucket.at, now);
    // Map order is insertion order: re-inserting keeps the most recently used last for eviction.
    this.#buckets.delete(id);
    this.#buckets.set(id, bucket);
    return bucket;
  }

  #sweep(now: number): void {
    this.#charges = 0;
    for (const [id, bucket] of this.#buckets) {
      const perMinute = this.#limits[id.slice(0, id.indexOf('\n')) as RateScope];
      if (!(perMinute > 0) || bucket.tokens + ((now - bucket.at) * perMinute) / MINUTE_MS >= perMinute)
        this.#buckets.delete(id);
    }
    // Still too many live buckets (a flood of fresh addresses): forget the least recently used.
    for (const id of this.#buckets.keys()) {
      if (this.#buckets.size <= this.#maxKeys) break;
      this.#buckets.delete(id);
    }
  }
}
