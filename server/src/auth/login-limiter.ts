/**
 * Failed-login limits, per account and per client address (ASVS V6.3: anti-automation). A fixed
 * window per key; while a key is over its limit every attempt is refused with the time left, so
 * the caller can answer 429 with Retry-After. In memory: one process (scale-out moves it to Redis).
 */
export type LimiterOptions = {
  perAccount: number;
  perAddress: number;
  windowMs: number;
  now?: () => number;
};

type Bucket = { failures: number; windowEnds: number };

export class LoginLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #options: Required<LimiterOptions>;

  constructor(options: LimiterOptions) {
    this.#options = { now: Date.now, ...options };
  }

  #keys(email: string, address: string): [string, number][] {
    return [
      [`a:${email.toLowerCase()}`, this.#options.perAccount],
      [`ip:${address}`, this.#options.perAddress],
    ];
  }

  /** Seconds to wait before trying again, or 0 when an attempt is allowed. */
  retryAfter(email: string, address: string): number {
    const now = this.#options.now();
    let wait = 0;
    for (const [key, limit] of this.#keys(email, address)) {
      const b = this.#buckets.get(key);
      if (b && b.windowEnds > now && b.failures >= limit)
        wait = Math.max(wait, Math.ceil((b.windowEnds - now) / 1000));
    }
    return wait;
  }

  recordFailure(email: string, address: string): void {
    const now = this.#options.now();
    for (const [key] of this.#keys(email, address)) {
      const b = this.#buckets.get(key);
      if (!b || b.windowEnds <= now)
        this.#buckets.set(key, { failures: 1, windowEnds: now + this.#options.windowMs });
      else b.failures += 1;
    }
    if (this.#buckets.size > 100_000) this.#sweep(now);
  }

  /** A success clears the account's failures (not the address's: one good password must not reset a spray). */
  recordSuccess(email: string): void {
    this.#buckets.delete(`a:${email.toLowerCase()}`);
  }

  #sweep(now: number): void {
    for (const [key, b] of this.#buckets) if (b.windowEnds <= now) this.#buckets.delete(key);
  }
}
