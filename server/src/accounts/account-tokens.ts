/**
 * Account links as rows (migration 12): issued for one purpose, redeemed once, before they expire.
 * A new link for the same person and purpose replaces the older ones (only the newest email works),
 * and redeeming one is a single conditional UPDATE, so two requests racing with the same link
 * cannot both succeed. See auth/account-links.ts for why only a hash is kept.
 */

import {
  ACCOUNT_LINK_TTL_MS,
  type AccountLinkPurpose,
  hashLinkToken,
  linkToken,
  newLinkId,
} from '../auth/account-links.ts';
import type { Database } from '../persistence/engine/port.ts';
import { withStatementCache } from './statement-cache.ts';

export type IssuedLink = { id: string; token: string; expiresAt: number };
export type RedeemedLink = { userId: string; purpose: AccountLinkPurpose; email: string | null };
export type RedeemFailure = 'unknown' | 'used' | 'expired';

type Row = {
  id: string;
  user_id: string;
  purpose: AccountLinkPurpose;
  email: string | null;
  expires_at: number;
  used_at: number | null;
};

export class AccountTokens {
  readonly #db: Database;
  readonly #secret: Uint8Array;
  readonly #now: () => number;

  constructor(db: Database, secret: Uint8Array, now: () => number = Date.now) {
    this.#db = withStatementCache(db);
    this.#secret = secret;
    this.#now = now;
  }

  /** A new link; older unused links of this person and purpose stop working. Joins the caller's transaction. */
  issue(userId: string, purpose: AccountLinkPurpose, email: string | null = null): IssuedLink {
    const now = this.#now();
    const id = newLinkId();
    const token = linkToken(this.#secret, id);
    const expiresAt = now + ACCOUNT_LINK_TTL_MS[purpose];
    this.#db.transaction(() => {
      this.prune();
      this.#db
        .prepare('DELETE FROM account_tokens WHERE user_id = ? AND purpose = ? AND used_at IS NULL')
        .run(userId, purpose);
      this.#db
        .prepare(
          `INSERT INTO account_tokens (id, hash, user_id, purpose, email, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, hashLinkToken(token), userId, purpose, email, now, expiresAt);
    })();
    return { id, token, expiresAt };
  }

  /**
   * Marks the link used and says what it was for, or why it cannot be. Run it in the same
   * transaction as what the link does, so a failure after it leaves the link unused.
   */
  redeem(token: string, purposes: readonly AccountLinkPurpose[]): RedeemedLink | RedeemFailure {
    if (token.length > 200) return 'unknown';
    const row = this.#db
      .prepare<[string], Row>(
        'SELECT id, user_id, purpose, email, expires_at, used_at FROM account_tokens WHERE hash = ?',
      )
      .get(hashLinkToken(token));
    if (!row || !purposes.includes(row.purpose)) return 'unknown';
    if (row.used_at !== null) return 'used';
    const now = this.#now();
    if (row.expires_at <= now) return 'expired';
    const taken = this.#db
      .prepare('UPDATE account_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL')
      .run(now, row.id).changes;
    if (taken !== 1) return 'used';
    return { userId: row.user_id, purpose: row.purpose, email: row.email };
  }

  /** Ends every unused link of a person for these purposes (a password just changed). */
  revoke(userId: string, purposes: readonly AccountLinkPurpose[]): void {
    for (const purpose of purposes) {
      this.#db
        .prepare('DELETE FROM account_tokens WHERE user_id = ? AND purpose = ? AND used_at IS NULL')
        .run(userId, purpose);
    }
  }

  /** Removes links that expired a day ago or more (used ones are kept that long to say "already used"). */
  prune(): number {
    return this.#db
      .prepare('DELETE FROM account_tokens WHERE expires_at <= ?')
      .run(this.#now() - 24 * 60 * 60_000).changes;
  }
}
