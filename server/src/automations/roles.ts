/**
 * Exactly one ticker and one email sender across the processes on one PostgreSQL (issue 16,
 * docs/SCALE-OUT.md "Ticker and email sender"): each runs only while this process holds its lease
 * (cluster/lease.ts, an advisory lock on a connection of its own). Acquired: the loop starts.
 * Lost (connection gone, or shutdown): the loop stops scheduling at once, and a pass in flight ends
 * at its next check (the ticker asks `held` before each batch, the sender between batches).
 *
 * The leases keep the work on one process; the database keeps it exactly once, because no lease is
 * perfect (a holder cut off from PostgreSQL learns it at its next check, PostgreSQL may free the
 * lock sooner): a reminder is claimed by `fired`'s unique key in the transaction that enqueues its
 * email, and an email by the outbox claim (notifications/outbox.ts `claimDue`) before it is sent.
 *
 * One SQLite process keeps the ticker's TTL row lease (fired-store.ts `Leases`) and runs both loops
 * from the start, as before.
 */
import { Lease } from '../cluster/lease.ts';
import type { Logger } from '../logger.ts';
import type { Leases } from './fired-store.ts';

export const ROLE_NAMES = ['ticker', 'email-sender'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/**
 * What a role's loop offers: the ticker and the sender loop both have this shape. `takeOver`, if
 * there, is called instead of `start` on acquiring the lease (the sender frees a dead holder's claims).
 */
export type RoleLoop = { start(): void; stop(): Promise<void>; takeOver?(): void };

export type ClusterRolesOptions = {
  databaseUrl: string;
  logger: Logger;
  /** How often a non-holder tries, and the holder checks its connection (default 5 s). */
  retryMs?: number;
};

export class ClusterRoles {
  readonly #leases: Record<RoleName, Lease>;
  readonly #loops: Partial<Record<RoleName, RoleLoop>> = {};
  /** The ticker's view of its lease, in the shape of the SQLite row lease it replaces. */
  readonly tickerLease: Pick<Leases, 'acquire' | 'renew' | 'release'>;
  /** Times a lease was acquired here, by role (tests, logs). */
  readonly acquired: Record<RoleName, number> = { ticker: 0, 'email-sender': 0 };

  constructor(options: ClusterRolesOptions) {
    const make = (name: RoleName) =>
      new Lease({
        databaseUrl: options.databaseUrl,
        name,
        logger: options.logger,
        retryMs: options.retryMs ?? 5_000,
        onAcquired: () => {
          this.acquired[name]++;
          const loop = this.#loops[name];
          if (loop?.takeOver) loop.takeOver();
          else loop?.start();
        },
        onLost: () => {
          const stopping = this.#loops[name]?.stop();
          stopping?.catch((error) => options.logger.error({ err: error, role: name }, 'role: stop failed'));
        },
      });
    this.#leases = { ticker: make('ticker'), 'email-sender': make('email-sender') };
    const ticker = this.#leases.ticker;
    this.tickerLease = {
      acquire: () => ticker.held,
      renew: () => ticker.held,
      // The lock is given up by stop(): a pass ending does not release the role.
      release: () => {},
    };
  }

  /** Whether this process holds the role now (the metric `taskflow_lease_held`). */
  held(name: RoleName): boolean {
    return this.#leases[name].held;
  }

  /** Starts trying for both roles; each loop starts when its lease is acquired. */
  start(loops: Record<RoleName, RoleLoop>): void {
    Object.assign(this.#loops, loops);
    for (const name of ROLE_NAMES) this.#leases[name].start();
  }

  /** Gives both roles up (their loops stopped first by onLost) and closes the lease connections. */
  async stop(): Promise<void> {
    await Promise.all(ROLE_NAMES.map((name) => this.#leases[name].stop()));
  }
}
