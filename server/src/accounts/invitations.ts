/**
 * Invitations: a single-use, expiring link an admin can copy. The link carries a random token; only
 * its hash is stored. Accepting needs a signed-in user whose email is the invited one, so a link
 * forwarded to the wrong person is useless.
 */
import { randomBytes } from 'node:crypto';
import type { Role } from '../auth/policy.ts';
import { hashToken } from '../auth/refresh-tokens.ts';
import type { Database } from '../persistence/engine/port.ts';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type InvitedRole = Exclude<Role, 'owner'>;
export type Invitation = {
  id: string;
  workspaceId: string;
  email: string;
  role: InvitedRole;
  expiresAt: number;
};
/** What the link's page may show before anyone signs in: the token itself is the credential. */
export type InvitationLookup =
  | { ok: true; workspaceId: string; email: string; role: InvitedRole; invitedBy: string; expiresAt: number }
  | { ok: false; reason: 'invalid' | 'expired' | 'used' };
export type AcceptResult =
  | { ok: true; workspaceId: string; role: InvitedRole }
  | { ok: false; reason: 'invalid' | 'expired' | 'used' | 'wrong_email' };

type Row = {
  id: string;
  workspace_id: string;
  email: string;
  role: InvitedRole;
  expires_at: number;
  invited_by: string;
  accepted_at: number | null;
  revoked_at: number | null;
};

export class Invitations {
  readonly #db: Database;
  readonly #now: () => number;

  constructor(db: Database, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  create(input: {
    workspaceId: string;
    email: string;
    role: InvitedRole;
    invitedBy: string;
  }): Invitation & { token: string } {
    const token = randomBytes(32).toString('base64url');
    const id = crypto.randomUUID();
    const now = this.#now();
    const expiresAt = now + INVITATION_TTL_MS;
    this.#db
      .prepare(
        `INSERT INTO invitations (id, token_hash, workspace_id, email, role, invited_by, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, hashToken(token), input.workspaceId, input.email, input.role, input.invitedBy, now, expiresAt);
    return { id, token, workspaceId: input.workspaceId, email: input.email, role: input.role, expiresAt };
  }

  /** Pending (not accepted, revoked or expired) invitations of a workspace. */
  pending(workspaceId: string): Invitation[] {
    return this.#db
      .prepare<[string, number], Row>(
        `SELECT * FROM invitations WHERE workspace_id = ? AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?
         ORDER BY created_at`,
      )
      .all(workspaceId, this.#now())
      .map((r) => ({
        id: r.id,
        workspaceId: r.workspace_id,
        email: r.email,
        role: r.role,
        expiresAt: r.expires_at,
      }));
  }

  revoke(workspaceId: string, id: string): boolean {
    return (
      this.#db
        .prepare(
          'UPDATE invitations SET revoked_at = ? WHERE id = ? AND workspace_id = ? AND accepted_at IS NULL',
        )
        .run(this.#now(), id, workspaceId).changes > 0
    );
  }

  /** The invitation a token names, if it can still be accepted (by its invitee). */
  lookup(token: string): InvitationLookup {
    const row = this.#usable(token);
    if ('reason' in row) return { ok: false, reason: row.reason };
    return {
      ok: true,
      workspaceId: row.workspace_id,
      email: row.email,
      role: row.role,
      invitedBy: row.invited_by,
      expiresAt: row.expires_at,
    };
  }

  #usable(token: string): Row | { reason: 'invalid' | 'expired' | 'used' } {
    const row = this.#db
      .prepare<[string], Row>('SELECT * FROM invitations WHERE token_hash = ?')
      .get(hashToken(token));
    if (!row || row.revoked_at !== null) return { reason: 'invalid' };
    if (row.accepted_at !== null) return { reason: 'used' };
    if (row.expires_at <= this.#now()) return { reason: 'expired' };
    return row;
  }

  /** Marks the invitation used by `user`; the caller then adds the membership in the same transaction. */
  accept(token: string, user: { id: string; email: string }): AcceptResult {
    const row = this.#usable(token);
    if ('reason' in row) return { ok: false, reason: row.reason };
    if (row.email.toLowerCase() !== user.email.toLowerCase()) return { ok: false, reason: 'wrong_email' };
    this.#db
      .prepare('UPDATE invitations SET accepted_at = ?, accepted_by = ? WHERE id = ?')
      .run(this.#now(), user.id, row.id);
    return { ok: true, workspaceId: row.workspace_id, role: row.role };
  }
}
