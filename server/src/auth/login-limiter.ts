/**
 * Failed-login limits (ASVS V6.3, anti-automation) that slow the guesser, not the account owner.
 *
 * Before issue 8, ten failures on an account from anywhere locked it for 15 minutes, the right
 * password included: anyone who knew an email could keep its owner out. Now failures are held
 * against the address that made them, so the owner, signing in from an address that has not been
 * failing, always gets through with the right password. We chose this CAPTCHA-free backoff over a
 * known-device cookie: it needs no new cookie or secret, and works on a device's first sign-in.
 *
 * - **One address, one account**: the first failures are free (`freePerPair`, default
 *   `perAccount`), then each further one doubles the wait before the next attempt (1 s, 2 s,
 *   4 s, … up to the window); a quiet window forgets.
 * - **One account, any address**: past `perAccount` failures in a window the account counts as
 *   under attack, and every address then gets a single free failure on it before its backoff
 *   starts (a botnet's addresses get one free guess each instead of ten, and a lone guesser
 *   that made the account hot waits 2^(failures-1) s, ~8.5 min at the default 10). It locks no
 *   one out: an address that has not failed still gets its attempt.
 * - **One address, any account**: past `perAddress` failures in a window the address is refused
 *   until the window ends (password spraying).
 *
 * A refused attempt (429) is not a failure: it never reaches the password check. The known limit:
 * the owner behind the same address as the attacker (one NAT) shares the attacker's backoff.
 * While an address waits, every attempt is refused with the time left, so the caller can answer
 * 429 with Retry-After. In memory: one process; with REDIS_URL `SharedLoginLimiter` below keeps
 * the same counts in Redis for every process.
 */
import type { Redis } from 'ioredis';
import { closeRedis, connectRedis } from '../cluster/redis-connection.ts';
import type { Logger } from '../logger.ts';

export type LimiterOptions = {
  /** Failures on one account, from any address, in a window before it counts as under attack. */
  perAccount: number;
  /** Failures from one address, on any account, in a window before the address is refused. */
  perAddress: number;
  windowMs: number;
  /** Failures one address makes on one account before its backoff starts; default `perAccount`. */
  freePerPair?: number;
  /** The first backoff wait; it doubles with each further failure, up to `windowMs`. */
  baseDelayMs?: number;
  now?: () => number;
};

type Window = { failures: number; ends: number };
type Pair = { failures: number; last: number };

const MAX_KEYS = 100_000;

export class LoginLimiter {
  readonly #windows = new Map<string, Window>();
  readonly #pairs = new Map<string, Pair>();
  readonly #options: Required<LimiterOptions>;

  constructor(options: LimiterOptions) {
    this.#options = {
      ...options,
      now: options.now ?? Date.now,
      baseDelayMs: options.baseDelayMs ?? 1_000,
      freePerPair: options.freePerPair ?? options.perAccount,
    };
  }

  /** Seconds to wait before trying again, or 0 when an attempt is allowed. */
  retryAfter(email: string, address: string): number {
    const now = this.#options.now();
    let until = 0;
    const byAddress = this.#live(`ip:${address}`, now);
    if (byAddress && byAddress.failures >= this.#options.perAddress) until = byAddress.ends;
    const pair = this.#pairs.get(pairKey(email, address));
    if (pair && pair.last + this.#options.windowMs > now) {
      const account = this.#live(`a:${email.toLowerCase()}`, now);
      const underAttack = account !== undefined && account.failures >= this.#options.perAccount;
      const free = underAttack ? 1 : this.#options.freePerPair;
      if (pair.failures >= free) {
        const delay = Math.min(
          this.#options.windowMs,
          this.#options.baseDelayMs * 2 ** (pair.failures - free),
        );
        until = Math.max(until, pair.last + delay);
      }
    }
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  recordFailure(email: string, address: string): void {
    const now = this.#options.now();
    for (const key of [`a:${email.toLowerCase()}`, `ip:${address}`]) {
      const w = this.#live(key, now);
      if (w) w.failures += 1;
      else this.#windows.set(key, { failures: 1, ends: now + this.#options.windowMs });
    }
    const key = pairKey(email, address);
    const pair = this.#pairs.get(key);
    // A quiet window forgets: the backoff starts over.
    if (pair && pair.last + this.#options.windowMs > now) {
      pair.failures += 1;
      pair.last = now;
    } else this.#pairs.set(key, { failures: 1, last: now });
    if (this.#windows.size + this.#pairs.size > MAX_KEYS) this.#sweep(now);
  }

  /**
   * Lifts nothing, on purpose. The owner signing in from a clean address was never held back,
   * and clearing the account's count would hand an attacker's addresses fresh free tries. (Kept
   * for the login route, which reports each success.)
   */
  recordSuccess(_email: string): void {}

  #live(key: string, now: number): Window | undefined {
    const w = this.#windows.get(key);
    return w && w.ends > now ? w : undefined;
  }

  #sweep(now: number): void {
    for (const [key, w] of this.#windows) if (w.ends <= now) this.#windows.delete(key);
    for (const [key, p] of this.#pairs) if (p.last + this.#options.windowMs <= now) this.#pairs.delete(key);
  }
}

const pairKey = (email: string, address: string) => `${email.toLowerCase()}\n${address}`;

/**
 * What the routes take: the limiter above (one process), or `SharedLoginLimiter` (several processes
 * with REDIS_URL), whose answers are promises. The routes await both.
 */
export type LoginLimits = {
  retryAfter(email: string, address: string): number | Promise<number>;
  recordFailure(email: string, address: string): void | Promise<void>;
  recordSuccess(email: string): void;
};

/**
 * KEYS: the address's window, the pair, the account's window. ARGV: perAddress, perAccount,
 * freePerPair, windowMs, baseDelayMs. Returns whole seconds to wait (0: an attempt is allowed);
 * the same rules as LoginLimiter.retryAfter, on Redis's clock.
 */
const RETRY_AFTER_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local perAddress, perAccount, freePerPair, windowMs, base =
  tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local untilAt = 0
local ip = redis.call('HMGET', KEYS[1], 'failures', 'ends')
if ip[1] and tonumber(ip[2]) > now and tonumber(ip[1]) >= perAddress then untilAt = tonumber(ip[2]) end
local pair = redis.call('HMGET', KEYS[2], 'failures', 'last')
if pair[1] and tonumber(pair[2]) + windowMs > now then
  local acc = redis.call('HMGET', KEYS[3], 'failures', 'ends')
  local free = freePerPair
  if acc[1] and tonumber(acc[2]) > now and tonumber(acc[1]) >= perAccount then free = 1 end
  local failures = tonumber(pair[1])
  if failures >= free then
    local delay = math.min(windowMs, base * 2 ^ (failures - free))
    untilAt = math.max(untilAt, tonumber(pair[2]) + delay)
  end
end
if untilAt > now then return math.ceil((untilAt - now) / 1000) end
return 0
`;

/** KEYS: the account's window, the address's window, the pair. ARGV: windowMs. */
const RECORD_FAILURE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local windowMs = tonumber(ARGV[1])
for i = 1, 2 do
  local ends = tonumber(redis.call('HGET', KEYS[i], 'ends'))
  if ends and ends > now then
    redis.call('HINCRBY', KEYS[i], 'failures', 1)
  else
    redis.call('HSET', KEYS[i], 'failures', 1, 'ends', now + windowMs)
    redis.call('PEXPIREAT', KEYS[i], now + windowMs)
  end
end
local last = tonumber(redis.call('HGET', KEYS[3], 'last'))
if last and last + windowMs > now then
  redis.call('HINCRBY', KEYS[3], 'failures', 1)
else
  redis.call('HSET', KEYS[3], 'failures', 1)
end
redis.call('HSET', KEYS[3], 'last', now)
redis.call('PEXPIRE', KEYS[3], windowMs)
return 0
`;

type WithLoginScripts = {
  tfLoginRetryAfter(numKeys: number, ...args: (string | number)[]): Promise<number>;
  tfLoginFailure(numKeys: number, ...args: (string | number)[]): Promise<number>;
};

export type SharedLoginLimiterOptions = LimiterOptions & {
  redisUrl: string;
  logger: Logger;
  /** Keys are `<prefix><kind>:…`: the login and register limiters each get their own. */
  prefix: string;
};

/**
 * The same limits held in Redis (issue 16, docs/SCALE-OUT.md "Rate limits"): several processes
 * count one guesser's failures together, where each in-process limiter would give N times the free
 * tries. One Lua script per check and per failure, Redis's clock, keys expiring with their window.
 * Redis unreachable: fail open onto this process's own LoginLimiter (each process then limits on
 * its own, never unlimited), logged once per outage.
 */
export class SharedLoginLimiter implements LoginLimits {
  readonly #redis: Redis & WithLoginScripts;
  readonly #o: Required<LimiterOptions> & SharedLoginLimiterOptions;
  readonly #local: LoginLimiter;
  #failing = false;

  constructor(options: SharedLoginLimiterOptions) {
    this.#o = {
      ...options,
      now: options.now ?? Date.now,
      baseDelayMs: options.baseDelayMs ?? 1_000,
      freePerPair: options.freePerPair ?? options.perAccount,
    };
    this.#local = new LoginLimiter(options);
    const redis = connectRedis({
      url: options.redisUrl,
      logger: options.logger,
      role: `${options.prefix}limits`,
      commandTimeoutMs: 250,
    });
    redis.defineCommand('tfLoginRetryAfter', { lua: RETRY_AFTER_SCRIPT });
    redis.defineCommand('tfLoginFailure', { lua: RECORD_FAILURE_SCRIPT });
    this.#redis = redis as Redis & WithLoginScripts;
  }

  async retryAfter(email: string, address: string): Promise<number> {
    const o = this.#o;
    try {
      const [ip, pair, account] = this.#keys(email, address);
      const seconds = await this.#redis.tfLoginRetryAfter(
        3,
        ip,
        pair,
        account,
        o.perAddress,
        o.perAccount,
        o.freePerPair,
        o.windowMs,
        o.baseDelayMs,
      );
      this.#answered();
      return Number(seconds);
    } catch (error) {
      this.#failOpen(error);
      return this.#local.retryAfter(email, address);
    }
  }

  async recordFailure(email: string, address: string): Promise<void> {
    // Kept here too, so an outage starts from what this process saw.
    this.#local.recordFailure(email, address);
    try {
      const [ip, pair, account] = this.#keys(email, address);
      await this.#redis.tfLoginFailure(3, account, ip, pair, this.#o.windowMs);
      this.#answered();
    } catch (error) {
      this.#failOpen(error);
    }
  }

  recordSuccess(_email: string): void {}

  async close(): Promise<void> {
    closeRedis(this.#redis);
  }

  #keys(email: string, address: string): [string, string, string] {
    const p = this.#o.prefix;
    const lower = email.toLowerCase();
    return [`${p}ip:${address}`, `${p}pair:${lower}\n${address}`, `${p}a:${lower}`];
  }

  #answered(): void {
    if (!this.#failing) return;
    this.#failing = false;
    this.#o.logger.info('login limits: Redis answers again, shared limits enforced');
  }

  #failOpen(error: unknown): void {
    if (this.#failing) return;
    this.#failing = true;
    this.#o.logger.warn(
      { err: { message: error instanceof Error ? error.message : String(error) } },
      'login limits: Redis unreachable, each process limits on its own until it answers',
    );
  }
}
