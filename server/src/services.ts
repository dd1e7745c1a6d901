/**
 * The stores and auth parts one server process shares between REST and sync, built on one SQLite
 * database. start-server.ts builds this once; nothing else constructs the stores.
 */
import type Database from 'better-sqlite3';
import { EntityIndex } from './accounts/entity-index.ts';
import { Invitations } from './accounts/invitations.ts';
import { SyncClients } from './accounts/sync-clients.ts';
import { RevokedTokens, Users } from './accounts/users.ts';
import { Workspaces } from './accounts/workspaces.ts';
import { Authenticator } from './auth/authenticator.ts';
import { LoginLimiter } from './auth/login-limiter.ts';
import { RefreshTokens } from './auth/refresh-tokens.ts';
import { loadOrCreateSigningKey, type SigningKey } from './auth/signing-key.ts';

export type Services = {
  db: Database.Database;
  key: SigningKey;
  users: Users;
  revoked: RevokedTokens;
  refreshTokens: RefreshTokens;
  workspaces: Workspaces;
  invitations: Invitations;
  syncClients: SyncClients;
  entities: EntityIndex;
  authenticator: Authenticator;
  loginLimiter: LoginLimiter;
  /** Registrations per client address (the account limit does not apply: there is no account yet). */
  registerLimiter: LoginLimiter;
};

export type LimitOptions = {
  /** Failed logins per account per window (ASVS: at most 100 an hour; we allow 10 per 15 min). */
  loginPerAccount?: number;
  loginPerAddress?: number;
  loginWindowMs?: number;
  registerPerAddress?: number;
  registerWindowMs?: number;
};

export async function createServices(
  db: Database.Database,
  dataDir: string,
  limits: LimitOptions = {},
): Promise<Services> {
  const key = await loadOrCreateSigningKey(dataDir);
  const users = new Users(db);
  const revoked = new RevokedTokens(db);
  return {
    db,
    key,
    users,
    revoked,
    refreshTokens: new RefreshTokens(db),
    workspaces: new Workspaces(db),
    invitations: new Invitations(db),
    syncClients: new SyncClients(db),
    entities: new EntityIndex(db),
    authenticator: new Authenticator(key, users, revoked),
    loginLimiter: new LoginLimiter({
      perAccount: limits.loginPerAccount ?? 10,
      perAddress: limits.loginPerAddress ?? 50,
      windowMs: limits.loginWindowMs ?? 15 * 60_000,
    }),
    registerLimiter: new LoginLimiter({
      // The account key is unused for registrations: every attempt counts against the address.
      perAccount: Number.MAX_SAFE_INTEGER,
      perAddress: limits.registerPerAddress ?? 20,
      windowMs: limits.registerWindowMs ?? 10 * 60_000,
    }),
  };
}
