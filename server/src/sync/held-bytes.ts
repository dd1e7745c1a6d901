/**
 * The one budget every socket's pre-handshake frames draw on (handshake-order.ts). A per-socket
 * cap alone still lets many sockets add up to any amount: 150 sockets holding 4 MiB each took the
 * server from 146 to 648 MB. With this shared cap, memory held for clients that have not proved
 * who they are is bounded whatever the number of sockets.
 */
export class HeldBytes {
  readonly limit: number;
  #used = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  get used(): number {
    return this.#used;
  }

  /** Takes `bytes` if they fit under the limit; false (and nothing taken) when they do not. */
  take(bytes: number): boolean {
    if (this.#used + bytes > this.limit) return false;
    this.#used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.#used = Math.max(0, this.#used - bytes);
  }
}
