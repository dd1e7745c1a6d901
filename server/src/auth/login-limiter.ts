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
 * 429 with Retry-After. In memory: one process (scale-out moves it to Redis).
 */
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
