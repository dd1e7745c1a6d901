/**
 * Runs one async pass now and then every `intervalMs` after the previous pass ends (never two at
 * once), until stopped. The ticker and the email sender loop share it. `runOnce` lets tests and
 * shutdown drive a pass; calls during a pass share it.
 */
export type PeriodicOptions<T> = {
  pass: () => Promise<T>;
  intervalMs: number;
  onError: (error: unknown) => void;
  /** Start the first pass on a later turn (it may be long after downtime), not inside `start`. */
  deferFirst?: boolean;
};

export class Periodic<T> {
  readonly #o: PeriodicOptions<T>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<T> | undefined;
  #stopped = false;

  constructor(options: PeriodicOptions<T>) {
    this.#o = options;
  }

  /** Passes check this to end early on shutdown. */
  get stopped(): boolean {
    return this.#stopped;
  }

  start(): void {
    this.#stopped = false;
    if (this.#o.deferFirst) this.#timer = setTimeout(() => this.#loop(), 0);
    else this.#loop();
  }

  /** Stops scheduling and waits for a pass in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running?.catch(() => undefined);
  }

  runOnce(): Promise<T> {
    this.#running ??= this.#o.pass().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  #loop(): void {
    if (this.#stopped) return;
    this.runOnce()
      .catch(this.#o.onError)
      .finally(() => {
        if (this.#stopped) return;
        this.#timer = setTimeout(() => this.#loop(), this.#o.intervalMs);
        this.#timer.unref();
      });
  }
}
