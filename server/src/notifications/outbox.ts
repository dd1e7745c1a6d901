/**
 * The email outbox. Rows are enqueued in the same SQLite transaction as their cause (better-sqlite3
 * nests: calling `enqueue` inside the caller's `db.transaction` joins it). The sender claims due
 * rows, which pushes them out of reach for a visibility timeout: a sender that crashes mid-send
 * leaves its rows to be claimed again later (at most one duplicate per crash, same Message-ID).
 * `digest_days` is here too: which users already got the digest of which day.
 */
import type { Database } from '../persistence/engine/port.ts';
import { type Notification, parseNotification } from './kinds.ts';

export const OUTBOX_DEFAULTS = {
  /** Failures (claims, counting crashes) before a message is dead-lettered. */
  maxAttempts: 8,
  baseDelayMs: 30_000,
  maxDelayMs: 3_600_000,
  /** How long a claimed row is invisible to other claims: longer than any single send. */
  claimTimeoutMs: 120_000,
};

type Row = {
  id: number;
  idempotency_key: string;
  kind: string;
  user_id: string | null;
  payload: string;
  created_at: number;
  attempts: number;
  next_attempt_at: number | null;
  sent_at: number | null;
  dead_at: number | null;
  last_error: string | null;
  held_at: number | null;
  skipped: string | null;
  workspace_id: string | null;
};

export type OutboxMessage = {
  id: number;
  idempotencyKey: string;
  userId: string | null;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number | null;
  sentAt: number | null;
  deadAt: number | null;
  lastError: string | null;
  heldAt: number | null;
  skipped: string | null;
  /** The workspace the message is about (its owners and admins see it if it dies), or null. */
  workspaceId: string | null;
  /** null when the stored payload no longer validates: the sender dead-letters such rows. */
  notification: Notification | null;
  kind: string;
};

function toMessage(r: Row): OutboxMessage {
  let payload: unknown;
  try {
    payload = JSON.parse(r.payload);
  } catch {
    payload = undefined;
  }
  return {
    id: r.id,
    idempotencyKey: r.idempotency_key,
    kind: r.kind,
    userId: r.user_id,
    createdAt: r.created_at,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    sentAt: r.sent_at,
    deadAt: r.dead_at,
    lastError: r.last_error,
    heldAt: r.held_at,
    skipped: r.skipped,
    workspaceId: r.workspace_id,
    notification: parseNotification(r.kind, payload),
  };
}

export type OutboxOptions = Partial<typeof OUTBOX_DEFAULTS> & {
  /** In [0, 1); injected so tests can pin the jitter. */
  random?: () => number;
  /** This process's name in its claims (`claimed_by`), so a sender taking over knows whose to free. */
  holder?: string;
};

/**
 * The claim of `claimDue` (parameters: claim expiry, holder, now, limit, now). Exported for the
 * test that runs it from two PostgreSQL sessions at once (cluster-roles-outbox.int.test.ts).
 */
export const CLAIM_DUE_SQL = `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, claimed_by = ?
         WHERE id IN (SELECT id FROM outbox
           WHERE sent_at IS NULL AND dead_at IS NULL AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?
           ORDER BY next_attempt_at, id LIMIT ?)
           AND sent_at IS NULL AND dead_at IS NULL AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?
         RETURNING *`;

export class OutboxStore {
  readonly #db: Database;
  readonly #o: typeof OUTBOX_DEFAULTS;
  readonly #random: () => number;
  readonly #holder: string | null;

  constructor(db: Database, options: OutboxOptions = {}) {
    this.#db = db;
    const { random, holder, ...rest } = options;
    this.#o = { ...OUTBOX_DEFAULTS, ...rest };
    this.#random = random ?? Math.random;
    this.#holder = holder ?? null;
  }

  get maxAttempts(): number {
    return this.#o.maxAttempts;
  }

  /**
   * Claims the user's digest of `day` (in their zone): true the first time, false after. Call it in
   * one transaction with the flush, so a flush that fails leaves the day unclaimed.
   */
  claimDigestDay(userId: string, day: string): boolean {
    const taken = this.#db
      .prepare('INSERT INTO digest_days (user_id, day) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING 1')
      .get(userId, day);
    return taken !== undefined;
  }

  /**
   * Adds a message unless one with this key exists. Returns its id when added, null when the key
   * was taken (a retry of the same cause). Throws on an invalid payload: that is a bug in the caller.
   */
  enqueue(
    input: { key: string; userId: string | null; now: number; workspaceId?: string } & Notification,
  ): number | null {
    const checked = parseNotification(input.kind, input.payload);
    if (!checked) throw new Error(`invalid ${input.kind} notification payload`);
    // Task payloads name their workspace and a trigger copies it (migration 4); others pass it.
    const row = this.#db
      .prepare<[string, string, string | null, string, number, number, string | null], { id: number }>(
        `INSERT INTO outbox (idempotency_key, kind, user_id, payload, created_at, next_attempt_at, workspace_id)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
      )
      .get(
        input.key,
        checked.kind,
        input.userId,
        JSON.stringify(checked.payload),
        input.now,
        input.now,
        input.workspaceId ?? null,
      );
    return row?.id ?? null;
  }

  /**
   * Takes up to `limit` due messages for sending and counts the attempt. One statement, so two
   * senders never claim the same row while its claim is fresh. The conditions are repeated outside
   * the subquery for PostgreSQL (several processes, issue 16): there two claims can pick the same
   * ids from their snapshots; the second waits for the first's row lock, then re-checks only the
   * UPDATE's own WHERE against the row as committed, which now says "not due" (SQLite's one writer
   * never gets that far).
   */
  claimDue(now: number, limit: number): OutboxMessage[] {
    return this.#db
      .prepare<[number, string | null, number, number, number], Row>(CLAIM_DUE_SQL)
      .all(now + this.#o.claimTimeoutMs, this.#holder, now, limit, now)
      .map(toMessage)
      .sort((a, b) => a.id - b.id);
  }

  markSent(id: number, now: number): void {
    this.#db.prepare('UPDATE outbox SET sent_at = ?, last_error = NULL WHERE id = ?').run(now, id);
  }

  /** Settles a message without sending it (the user turned this kind off). */
  markSkipped(id: number, now: number, reason: string): void {
    this.#db.prepare('UPDATE outbox SET sent_at = ?, skipped = ? WHERE id = ?').run(now, reason, id);
  }

  /** The delay before retry number `attempts + 1`: 30 s × 2^(attempts−1), jittered down by up to half, capped. */
  backoffMs(attempts: number): number {
    const exp = this.#o.baseDelayMs * 2 ** Math.max(0, attempts - 1);
    const capped = Math.min(this.#o.maxDelayMs, exp);
    // Jitter spreads retries of many messages that failed together (an SMTP outage) over time.
    return Math.round(capped * (0.5 + 0.5 * this.#random()));
  }

  /** Records a failed send: retry later with backoff, or dead-letter after `maxAttempts`. */
  markFailed(id: number, now: number, error: string): 'retry' | 'dead' {
    const row = this.#db
      .prepare<[number], { attempts: number }>('SELECT attempts FROM outbox WHERE id = ?')
      .get(id);
    const attempts = row?.attempts ?? this.#o.maxAttempts;
    const message = error.slice(0, 1000);
    if (attempts >= this.#o.maxAttempts) {
      this.markDead(id, now, message);
      return 'dead';
    }
    this.#db
      .prepare('UPDATE outbox SET next_attempt_at = ?, last_error = ?, claimed_by = NULL WHERE id = ?')
      .run(now + this.backoffMs(attempts), message, id);
    return 'retry';
  }

  /** Gives up on a message at once (a permanent error such as an invalid payload or no address). */
  markDead(id: number, now: number, error: string): void {
    this.#db
      .prepare('UPDATE outbox SET dead_at = ?, next_attempt_at = NULL, last_error = ? WHERE id = ?')
      .run(now, error.slice(0, 1000), id);
  }

  /** Parks a message for the user's daily digest (email-sender `flushDigest`): no longer due on its own. */
  hold(id: number, now: number): void {
    this.#db.prepare('UPDATE outbox SET held_at = ?, next_attempt_at = NULL WHERE id = ?').run(now, id);
  }

  held(userId: string): OutboxMessage[] {
    return this.#db
      .prepare<[string], Row>(
        'SELECT * FROM outbox WHERE user_id = ? AND held_at IS NOT NULL AND sent_at IS NULL ORDER BY id',
      )
      .all(userId)
      .map(toMessage);
  }

  /** Users with messages waiting for a digest. */
  usersWithHeld(): string[] {
    return this.#db
      .prepare<[], { user_id: string }>(
        'SELECT DISTINCT user_id FROM outbox WHERE held_at IS NOT NULL AND sent_at IS NULL AND user_id IS NOT NULL',
      )
      .all()
      .map((r) => r.user_id);
  }

  /**
   * Dead letters, newest first: all of them, or those about the given workspaces; `before`, those
   * after that one in this order (the next page).
   */
  deadLetters(
    options: {
      workspaceIds?: readonly string[];
      limit?: number;
      before?: { deadAt: number; id: number };
    } = {},
  ): OutboxMessage[] {
    const limit = options.limit ?? 100;
    const ids = options.workspaceIds;
    if (ids?.length === 0) return [];
    const where = ids ? `AND workspace_id IN (${ids.map(() => '?').join(',')})` : '';
    const b = options.before;
    const after = b ? 'AND (dead_at < ? OR (dead_at = ? AND id < ?))' : '';
    return this.#db
      .prepare<unknown[], Row>(
        `SELECT * FROM outbox WHERE dead_at IS NOT NULL ${where} ${after} ORDER BY dead_at DESC, id DESC LIMIT ?`,
      )
      .all(...(ids ?? []), ...(b ? [b.deadAt, b.deadAt, b.id] : []), limit)
      .map(toMessage);
  }

  /** Puts a dead letter back in line with a fresh attempt budget. False when it is not dead. */
  retry(id: number, now: number): boolean {
    return (
      this.#db
        .prepare(
          `UPDATE outbox SET dead_at = NULL, attempts = 0, next_attempt_at = ?, last_error = NULL
           WHERE id = ? AND dead_at IS NOT NULL`,
        )
        .run(now, id).changes === 1
    );
  }

  /**
   * Gives a claimed message back untried, or tried against a transport known to be down (the email
   * circuit breaker is open): its claim is not counted as an attempt, so an outage moves nothing
   * towards the dead letters. Due again at once; the breaker decides when it is tried.
   */
  release(id: number, now: number, error: string | null): void {
    this.#db
      .prepare(
        `UPDATE outbox SET attempts = MAX(attempts - 1, 0), next_attempt_at = ?, last_error = COALESCE(?, last_error),
           claimed_by = NULL
         WHERE id = ? AND sent_at IS NULL AND dead_at IS NULL`,
      )
      .run(now, error?.slice(0, 1000) ?? null, id);
  }

  /**
   * The email sender's lease was just taken over (several processes, automations/roles.ts): the
   * messages another process claimed and never settled are due again now, instead of after their
   * claim timeout. Its lock is gone, so it has stopped; at most the one it was sending when it died
   * goes out twice (same Message-ID), as after a crash of a single process. Returns how many.
   */
  reclaimOthers(now: number): number {
    return this.#db
      .prepare(
        `UPDATE outbox SET next_attempt_at = ?, claimed_by = NULL
         WHERE claimed_by IS NOT NULL AND claimed_by <> ? AND sent_at IS NULL AND dead_at IS NULL
           AND held_at IS NULL AND next_attempt_at IS NOT NULL`,
      )
      .run(now, this.#holder ?? '').changes;
  }

  /** Workspaces with emails still waiting to go out (whom an email outage concerns). */
  waitingWorkspaces(): string[] {
    return this.#db
      .prepare<[], { workspace_id: string }>(
        `SELECT DISTINCT workspace_id FROM outbox
         WHERE sent_at IS NULL AND dead_at IS NULL AND next_attempt_at IS NOT NULL AND workspace_id IS NOT NULL`,
      )
      .all()
      .map((r) => r.workspace_id);
  }

  /**
   * Emails waiting to be sent (due or backing off) and dead letters, for the metrics scrape. Each
   * count reads only its partial index (outbox_due, outbox_dead), never the sent rows.
   */
  depth(): { waiting: number; dead: number } {
    const row = this.#db
      .prepare<[], { waiting: number; dead: number }>(
        `SELECT (SELECT COUNT(*) FROM outbox
                  WHERE sent_at IS NULL AND dead_at IS NULL AND next_attempt_at IS NOT NULL) AS waiting,
                (SELECT COUNT(*) FROM outbox WHERE dead_at IS NOT NULL) AS dead`,
      )
      .get();
    return { waiting: row?.waiting ?? 0, dead: row?.dead ?? 0 };
  }

  get(id: number): OutboxMessage | undefined {
    const row = this.#db.prepare<[number], Row>('SELECT * FROM outbox WHERE id = ?').get(id);
    return row && toMessage(row);
  }

  byKey(key: string): OutboxMessage | undefined {
    const row = this.#db.prepare<[string], Row>('SELECT * FROM outbox WHERE idempotency_key = ?').get(key);
    return row && toMessage(row);
  }
}
