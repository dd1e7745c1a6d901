/**
 * A circuit breaker: after `failureThreshold` consecutive failures it opens and lets nothing
 * through for `coolDownMs`, then half-opens and lets exactly one trial through; the trial's
 * success closes it, its failure opens it again for another cool-down.
 *
 * Written here rather than taken from a library (opossum is the well-kept one): opossum wraps the
 * call itself and decides by its own timers, but the email sender must decide *before* it claims
 * outbox rows (a claim counts an attempt; while the breaker is open, no row may be touched), and
 * must ask the clock the tests move by hand. What is needed is forty lines of state machine with
 * an injected clock, no timers, and a permit asked for before the work starts.
 *
 * The breaker knows nothing of email: the caller says what counts as a failure.
 */
export const BREAKER_STATES = ['closed', 'open', 'half-open'] as const;
export type BreakerState = (typeof BREAKER_STATES)[number];

export type CircuitBreakerOptions = {
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** How long it stays open before one trial is let through. */
  coolDownMs: number;
  now?: () => number;
  /** Every change of state, as it happens (an open breaker turns half-open when first asked after its cool-down). */
  onStateChange?: (state: BreakerState, previous: BreakerState) => void;
};

/** `pass`: closed, go ahead; `trial`: the one attempt of a half-open breaker; `wait`: do not try. */
export type Permit = 'pass' | 'trial' | 'wait';

export class CircuitBreaker {
  readonly #o: CircuitBreakerOptions;
  readonly #now: () => number;
  #state: BreakerState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #trialOut = false;

  constructor(options: CircuitBreakerOptions) {
    if (!(options.failureThreshold >= 1)) throw new Error('failureThreshold must be at least 1');
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  /** The state as of now: an open breaker whose cool-down is over reads as half-open. */
  get state(): BreakerState {
    if (this.#state === 'open' && this.#now() >= this.retryAt) this.#set('half-open');
    return this.#state;
  }

  /** When an open breaker lets its next trial through (ms since the epoch); 0 when closed. */
  get retryAt(): number {
    return this.#state === 'closed' ? 0 : this.#openedAt + this.#o.coolDownMs;
  }

  /** Asks before trying. A half-open breaker hands out one trial until it hears how it went. */
  permit(): Permit {
    const state = this.state;
    if (state === 'closed') return 'pass';
    if (state === 'open' || this.#trialOut) return 'wait';
    this.#trialOut = true;
    return 'trial';
  }

  succeeded(): void {
    this.#failures = 0;
    this.#trialOut = false;
    if (this.#state !== 'closed') this.#set('closed');
  }

  failed(): void {
    this.#trialOut = false;
    this.#failures += 1;
    if (
      this.#state === 'half-open' ||
      (this.#state === 'closed' && this.#failures >= this.#o.failureThreshold)
    ) {
      this.#openedAt = this.#now();
      this.#set('open');
    }
  }

  /** A trial that was handed out but not made (nothing was due): the next caller may make it. */
  abandonTrial(): void {
    this.#trialOut = false;
  }

  #set(state: BreakerState): void {
    const previous = this.#state;
    if (previous === state) return;
    this.#state = state;
    this.#o.onStateChange?.(state, previous);
  }
}
