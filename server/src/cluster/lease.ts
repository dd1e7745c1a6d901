/**
 * A lease on a named role (the ticker, the email sender) so that exactly one process runs it at a
 * time, on a PostgreSQL advisory lock held by a connection of its own (issue 16, docs/SCALE-OUT.md).
 *
 * Why an advisory lock on a session and no lease row with an expiry: PostgreSQL ties the lock to
 * the connection, so when the holder's process dies (kill -9, a crash, an OOM kill) the kernel closes
 * its socket, the server ends the session and the lock is free at that moment, with no clock to
 * trust and no expiry to wait out. The others try `pg_try_advisory_lock` every `retryMs` and one of
 * them takes over within one period. The connection is dedicated because the lock belongs to the
 * session: a pooled connection would hand it to whoever borrows it next.
 *
 * The holder checks its connection every `retryMs` (a query that must answer within the period);
 * when the connection errors, ends or stops answering it calls `onLost` at once, before anything
 * else, and tries again from scratch later. That closes most of the window where two processes both
 * believe they hold the role, not all of it: a holder cut off from PostgreSQL learns it only at its
 * next check, while PostgreSQL may free the lock sooner. So the roles stay idempotent in the database
 * (a reminder is claimed in the transaction that records it as fired, an email in the one that marks
 * it sent): the lease keeps the work on one process, the database keeps it exactly once.
 *
 * Lock ids: the two-integer form, a fixed namespace (so our locks do not collide with another
 * application's in the same database) and a 32-bit FNV-1a hash of the role's name.
 */
import pg from 'pg';
import type { Logger } from '../logger.ts';

export type LeaseOptions = {
  databaseUrl: string;
  /** The role: 'ticker', 'email-sender'. */
  name: string;
  logger: Logger;
  /** How often a non-holder tries, and how often the holder checks its connection. */
  retryMs?: number;
  /** This process now holds the role: start it. */
  onAcquired: () => void;
  /** This process no longer holds it (connection lost, or stop()): stop the role now. */
  onLost: () => void;
};

/** 'tf' in ASCII: the advisory-lock namespace of Taskflow's leases. */
export const LEASE_NAMESPACE = 0x7466;

/** FNV-1a over the name's UTF-8 bytes, as a signed 32-bit integer (what PostgreSQL's int4 takes). */
export function leaseKey(name: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(name)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

export class Lease {
  readonly #o: LeaseOptions;
  readonly #retryMs: number;
  readonly #key: number;
  #client: pg.Client | undefined;
  #held = false;
  #busy = false;
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;
  #pid: number | undefined;
  /** Whether the last connection attempt failed (logged once per outage, not once per try). */
  #unreachable = false;

  constructor(options: LeaseOptions) {
    this.#o = options;
    this.#retryMs = options.retryMs ?? 5_000;
    this.#key = leaseKey(options.name);
  }

  get held(): boolean {
    return this.#held;
  }

  /** The backend pid of the lease's connection, if connected (tests terminate it; logs name it). */
  get pid(): number | undefined {
    return this.#pid;
  }

  start(): void {
    if (this.#timer || this.#stopped) return;
    void this.#tick();
    this.#timer = setInterval(() => void this.#tick(), this.#retryMs);
  }

  /** Gives the role up: onLost, the lock released, the connection closed. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    const client = this.#client;
    this.#client = undefined;
    this.#pid = undefined;
    this.#lose('stopped');
    if (!client) return;
    try {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [LEASE_NAMESPACE, this.#key]);
    } catch {
      // The session ending frees the lock anyway.
    }
    await client.end().catch(() => {});
  }

  async #tick(): Promise<void> {
    if (this.#busy || this.#stopped) return;
    this.#busy = true;
    try {
      const client = this.#client ?? (await this.#connect());
      if (!client || this.#stopped) return;
      if (this.#held) {
        await client.query('SELECT 1');
        return;
      }
      const result = await client.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS got', [
        LEASE_NAMESPACE,
        this.#key,
      ]);
      if (!result.rows[0]?.got || this.#stopped || client !== this.#client) return;
      this.#held = true;
      this.#o.logger.info({ lease: this.#o.name, pid: this.#pid }, 'lease acquired');
      this.#o.onAcquired();
    } catch (error) {
      // A failed check or try: the connection is suspect; drop it (the session and lock with it).
      this.#drop(error);
    } finally {
      this.#busy = false;
    }
  }

  async #connect(): Promise<pg.Client | undefined> {
    const client = new pg.Client({
      connectionString: this.#o.databaseUrl,
      application_name: `taskflow-lease:${this.#o.name}`,
      connectionTimeoutMillis: this.#retryMs,
      // A query that does not answer within a period: the holder must not go on believing it holds.
      query_timeout: this.#retryMs,
      keepAlive: true,
    });
    // The session is the lock: whatever ends it ends the role, at once.
    client.on('error', (error) => this.#drop(error, client));
    client.on('end', () => this.#drop(new Error('connection ended'), client));
    try {
      await client.connect();
      const pid = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      this.#pid = pid.rows[0]?.pid;
    } catch (error) {
      if (!this.#unreachable)
        this.#o.logger.warn({ lease: this.#o.name, err: error }, 'lease: PostgreSQL unreachable; retrying');
      this.#unreachable = true;
      await client.end().catch(() => {});
      return undefined;
    }
    if (this.#stopped) {
      await client.end().catch(() => {});
      return undefined;
    }
    this.#client = client;
    this.#unreachable = false;
    return client;
  }

  #drop(error: unknown, which?: pg.Client): void {
    const client = this.#client;
    if (!client || (which && which !== client)) return;
    this.#client = undefined;
    this.#pid = undefined;
    this.#lose(error instanceof Error ? error.message : String(error));
    client.end().catch(() => {});
  }

  #lose(reason: string): void {
    if (!this.#held) return;
    this.#held = false;
    this.#o.logger.warn({ lease: this.#o.name, reason }, 'lease lost');
    try {
      this.#o.onLost();
    } catch (error) {
      this.#o.logger.error({ lease: this.#o.name, err: error }, 'lease: onLost threw');
    }
  }
}
