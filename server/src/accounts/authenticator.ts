/**
 * One answer to "who sent this access token?", shared by REST and sync so both refuse the same
 * tokens: signature and claims (access-tokens.ts), the revocation list, and a user that still exists.
 */

import { verifyAccessToken } from '../auth/access-tokens.ts';
import type { RefreshTokens } from '../auth/refresh-tokens.ts';
import type { SigningKey } from '../auth/signing-key.ts';
import type { RevokedTokens, User, Users } from './users.ts';

export type Authenticated = {
  user: User;
  jti: string;
  exp: number;
  /** The session (refresh family) the token came from; absent in tokens minted before it was recorded. */
  sessionId?: string;
};

export class Authenticator {
  readonly #key: SigningKey;
  readonly #users: Users;
  readonly #revoked: RevokedTokens;
  readonly #sessions: Pick<RefreshTokens, 'isFamilyRevoked'> | undefined;

  /**
   * `sessions`: a token naming its session (`sid`) is refused once that session ended, so a
   * password change or reset ends access tokens the revocation list never heard of (minted before
   * a restart, say) at once, not at their expiry.
   */
  constructor(
    key: SigningKey,
    users: Users,
    revoked: RevokedTokens,
    sessions?: Pick<RefreshTokens, 'isFamilyRevoked'>,
  ) {
    this.#key = key;
    this.#users = users;
    this.#revoked = revoked;
    this.#sessions = sessions;
  }

  /** The token's user, or null for any bad, expired, revoked or orphaned token. */
  async authenticate(token: string): Promise<Authenticated | null> {
    const result = await verifyAccessToken(this.#key, token, {
      isRevoked: (jti) => this.#revoked.isRevoked(jti),
    });
    if (!result.ok) return null;
    const user = this.#users.get(result.claims.sub);
    if (!user) return null;
    const { jti, exp, sid } = result.claims;
    if (sid !== undefined && this.#sessions?.isFamilyRevoked(sid)) return null;
    return sid === undefined ? { user, jti, exp } : { user, jti, exp, sessionId: sid };
  }

  isRevoked(jti: string): boolean {
    return this.#revoked.isRevoked(jti);
  }
}
