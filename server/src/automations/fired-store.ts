/**
 * Exactly-once bookkeeping for the ticker. `claim` is the whole guarantee: the INSERT either adds
 * the effect's row or finds it there, atomically, in any number of processes sharing the file.
 * Callers claim inside the same transaction that writes the effect (outbox, in-app), so a crash
 * leaves both or neither. Leases only keep a second ticker from doing useless work.
 */
import type { Database, Statement } from '../persistence/engine/port.ts';
import type { ReminderKind } from './reminder-chain.ts';

export type FiredKind = ReminderKind | 'occurrence';
export type FiredKey = { workspaceId: string; taskId: string; kind: FiredKind; deadlineAt: number };

export class FiredStore {
  readonly #claim: Statement<[string, string, string, number, number, string, number]>;
  readonly #kinds: Statement<[string, string, number], { kind: FiredKind }>;
  readonly #lastOccurrence: Statement<[string, string], { at: number | null }>;
  readonly #count: Statement<[], { n: number }>;
  readonly #activityAfter: Statement<
    [string, string, number, number, number, number],
    { id: number; kind: string; deadline_at: number; fired_at: number; superseded: number }
  >;

  /** `holder` names this process in the rows it writes. */
  constructor(
    db: Database,
    readonly holder: string,
  ) {
    this.#claim = db.prepare(
      `INSERT INTO fired (workspace_id, task_id, kind, deadline_at, fired_at, fired_by, superseded)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (workspace_id, task_id, kind, deadline_at) DO NOTHING
       RETURNING 1`,
    );
    this.#kinds = db.prepare(
      'SELECT kind FROM fired WHERE workspace_id = ? AND task_id = ? AND deadline_at = ?',
    );
    this.#lastOccurrence = db.prepare(
      `SELECT MAX(deadline_at) AS at FROM fired WHERE workspace_id = ? AND task_id = ? AND kind = 'occurrence'`,
    );
    this.#count = db.prepare('SELECT COUNT(*) AS n FROM fired');
    this.#activityAfter = db.prepare(
      `SELECT rowid AS id, kind, deadline_at, fired_at, superseded FROM fired
       WHERE workspace_id = ? AND task_id = ? AND (fired_at > ? OR (fired_at = ? AND rowid > ?))
       ORDER BY fired_at, rowid LIMIT ?`,
    );
  }

  /** True when this call recorded the effect, false when it was already recorded (by anyone). */
  claim(key: FiredKey, now: number, superseded = false): boolean {
    return (
      this.#claim.get(
        key.workspaceId,
        key.taskId,
        key.kind,
        key.deadlineAt,
        now,
        this.holder,
        superseded ? 1 : 0,
      ) !== undefined
    );
  }

  /** Which reminder steps of this chain (task and deadline instant) have fired. */
  firedKinds(workspaceId: string, taskId: string, deadlineAt: number): Set<ReminderKind> {
    const out = new Set<ReminderKind>();
    for (const r of this.#kinds.all(workspaceId, taskId, deadlineAt))
      if (r.kind !== 'occurrence') out.add(r.kind);
    return out;
  }

  /** The instant of the latest occurrence of a rule that was created, or null. */
  lastOccurrenceAt(workspaceId: string, taskId: string): number | null {
    return this.#lastOccurrence.get(workspaceId, taskId)?.at ?? null;
  }

  /**
   * What fired for a task after (firedAt, id), oldest first: the ticker's part of a task's history,
   * paged by the same keyset as the document's entries.
   */
  activityAfter(
    workspaceId: string,
    taskId: string,
    after: { at: number; id: number },
    limit: number,
  ): { id: number; kind: string; deadlineAt: number; firedAt: number; superseded: boolean }[] {
    return this.#activityAfter.all(workspaceId, taskId, after.at, after.at, after.id, limit).map((r) => ({
      id: r.id,
      kind: r.kind,
      deadlineAt: r.deadline_at,
      firedAt: r.fired_at,
      superseded: r.superseded === 1,
    }));
  }

  count(): number {
    return this.#count.get()?.n ?? 0;
  }
}

/** Time-limited named locks in SQLite: whoever holds `name` until `expires_at` does the work. */
export class Leases {
  readonly #acquire: Statement<
    [{ name: string; holder: string; expires: number; now: number }],
    { holder: string }
  >;
  readonly #renew: Statement<[number, string, string, number]>;
  readonly #release: Statement<[string, string]>;
  readonly #holder: Statement<[string, number], { holder: string }>;

  constructor(db: Database) {
    // One statement, so two processes cannot both see the lease free and both take it.
    this.#acquire = db.prepare(
      `INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @expires)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE leases.holder = excluded.holder OR leases.expires_at <= @now
       RETURNING holder`,
    );
    this.#renew = db.prepare(
      'UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ? AND expires_at > ?',
    );
    this.#release = db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?');
    this.#holder = db.prepare('SELECT holder FROM leases WHERE name = ? AND expires_at > ?');
  }

  /** Takes the lease if it is free, expired, or already ours; true when we hold it for `ttlMs`. */
  acquire(name: string, holder: string, now: number, ttlMs: number): boolean {
    return this.#acquire.get({ name, holder, expires: now + ttlMs, now }) !== undefined;
  }

  /**
   * Extends a lease we still hold. False when it expired first: someone may have taken it, so
   * the caller must stop and acquire again rather than assume it kept it.
   */
  renew(name: string, holder: string, now: number, ttlMs: number): boolean {
    return this.#renew.run(now + ttlMs, name, holder, now).changes === 1;
  }

  release(name: string, holder: string): void {
    this.#release.run(name, holder);
  }

  holderOf(name: string, now: number): string | null {
    return this.#holder.get(name, now)?.holder ?? null;
  }
}
