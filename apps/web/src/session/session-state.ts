/**
 * What the rest of the app sees of the session: its snapshot, and the error a request meets once
 * the server refused to refresh it. Apart from session.ts, so readers need not load the session.
 */
import { ApiError } from '../api/api-error.ts';
import type { User, WorkspaceSummary } from '../api/schemas.ts';

/**
 * none: nobody is signed in. pending: a cached user, no token yet (starting, or offline).
 * valid: a token is in memory. expired: the server refused the refresh; local data is kept.
 */
export type AuthState = 'none' | 'pending' | 'valid' | 'expired';

export type SessionSnapshot = {
  readonly user: User | null;
  readonly workspaces: readonly WorkspaceSummary[];
  readonly lastWorkspaceId: string | null;
  readonly auth: AuthState;
  /** Moves when a new sign-in replaces an expired one, so open workspaces reconnect with it. */
  readonly epoch: number;
};

/** Expired or revoked: local data is kept and the app asks to sign in again. */
export class SessionExpiredError extends ApiError {
  constructor() {
    super(401, 'unauthenticated', 'Your session has ended. Sign in again to sync.');
  }
}
