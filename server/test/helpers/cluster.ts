/**
 * Shared pieces of the cluster tests (server/test/cluster-*.int.test.ts).
 *
 * `MemoryLog` stands in for the shared update log of the database: the doc bus's contract with the
 * store is `readSince`, and these tests are about the bus, not the store (the PostgreSQL store has
 * its own tests). It gives out dense seqs per document in append order, as the store must.
 */
import type { LoggedUpdate } from '../../src/cluster/doc-bus.ts';

export class MemoryLog {
  readonly #rows = new Map<string, LoggedUpdate[]>();
  reads = 0;

  append(documentName: string, update: Uint8Array): number {
    const rows = this.#rows.get(documentName) ?? [];
    this.#rows.set(documentName, rows);
    const seq = rows.length + 1;
    rows.push({ seq, update });
    return seq;
  }

  head(documentName: string): number {
    return this.#rows.get(documentName)?.length ?? 0;
  }

  /** Answers on a later turn of the event loop, as a database would. */
  readSince = async (documentName: string, afterSeq: number): Promise<LoggedUpdate[]> => {
    this.reads++;
    await new Promise((resolve) => setImmediate(resolve));
    return (this.#rows.get(documentName) ?? []).slice(afterSeq);
  };
}

/**
 * Waits for a condition that events make true (messages arriving from another process), checking
 * every few milliseconds; fails naming `what` and the last state after `timeoutMs`.
 */
export async function waitUntil(
  predicate: () => boolean,
  what: () => string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
