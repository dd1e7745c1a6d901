/**
 * The stores and auth parts one server process shares between REST and sync, built on one
 * database (SQLite, or PostgreSQL shared with other processes). start-server.ts builds this once (nothing else constructs the stores) and hands each
 * module only the parts its options name: no module takes the whole set, and none gets the
 * database handle (a store owns its SQL; `atomically` spans several stores).
 */
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AccountTokens } from './accounts/account-tokens.ts';
import { Authenticator } from './accounts/authenticator.ts';
import { EntityIndex } from './accounts/entity-index.ts';
import { Invitations } from './accounts/invitations.ts';
import { SyncClients } from './accounts/sync-clients.ts';
import { RevokedTokens, Users } from './accounts/users.ts';
import { Workspaces } from './accounts/workspaces.ts';
import { LoginLimiter, type LoginLimits, SharedLoginLimiter } from './auth/login-limiter.ts';
import { RefreshTokens } from './auth/refresh-tokens.ts';
import { SharedSecrets } from './auth/shared-secrets.ts';
import { loadOrCreateSharedSigningKey, loadOrCreateSigningKey, type SigningKey } from './auth/signing-key.ts';
import { BackfillStore } from './automations/backfill-store.ts';
import { FiredStore, Leases } from './automations/fired-store.ts';
import { ScheduleStore } from './automations/schedule-store.ts';
import { AutomationSettingsStore } from './automations/settings.ts';
import type { Logger } from './logger.ts';
import { InAppStore } from './notifications/in-app.ts';
import { OutboxStore } from './notifications/outbox.ts';
import { NotificationPrefs } from './notifications/prefs.ts';
import { TaskViews } from './notifications/task-views.ts';
import { type Atomically, atomically } from './persistence/database.ts';
import { type Database, engineOf } from './persistence/engine/port.ts';
import { TaskNumberStore } from './sync/task-number-store.ts';
import { WorkspaceTransferStore } from './transfer/workspace-transfer-store.ts';

export type Services = {
  /** One transaction around store calls, for code that gets no database handle. */
  atomically: Atomically;
  key: SigningKey;
  users: Users;
  revoked: RevokedTokens;
  refreshTokens: RefreshTokens;
  accountTokens: AccountTokens;
  workspaces: Workspaces;
  /** A workspace's rows read and written whole (export and import as one file). */
  workspaceTransfer: WorkspaceTransferStore;
  invitations: Invitations;
  syncClients: SyncClients;
  entities: EntityIndex;
  authenticator: Authenticator;
  loginLimiter: LoginLimits;
  /** Registrations per client address (the account limit does not apply: there is no account yet). */
  registerLimiter: LoginLimits;
  /** The clock of everything time-driven (reminders, notifications); injected by tests. */
  now: () => number;
  /** This process's identity in leases and in `fired.fired_by`. */
  holder: string;
  /** Signs unsubscribe links and derives account links; a file beside the signing key (PostgreSQL: a row), created on first start. */
  unsubscribeSecret: Buffer;
  fired: FiredStore;
  leases: Leases;
  schedule: ScheduleStore;
  /** The one-off schedule backfill's bookkeeping. */
  backfill: BackfillStore;
  automationSettings: AutomationSettingsStore;
  outbox: OutboxStore;
  inApp: InAppStore;
  prefs: NotificationPrefs;
  /** What notifications compare an edit against (each task's assignee and column). */
  taskViews: TaskViews;
  /** Task numbers from the database (several processes; SQLite numbers in the document). */
  taskNumbers: TaskNumberStore;
  /** Closes what the services hold outside the database (the shared limiters' Redis connections). */
  close(): Promise<void>;
};

export type LimitOptions = {
  /**
   * Free failed logins per (address, account) before that address waits, doubling (ASVS: at most
   * 100 an hour); never an account-wide lock of the right password (auth/login-limiter.ts).
   */
  loginPerAccount?: number;
  loginPerAddress?: number;
  loginWindowMs?: number;
  registerPerAddress?: number;
  registerWindowMs?: number;
};

export async function createServices(
  db: Database,
  dataDir: string,
  limits: LimitOptions = {},
  now: () => number = Date.now,
  /** REDIS_URL: the login and registration limits are shared by every process (issue 16). */
  cluster?: { redisUrl: string; logger: Logger },
): Promise<Services> {
  // PostgreSQL: several processes may share it, so the keys live in the database (issue 16).
  const shared = engineOf(db) === 'postgres' ? new SharedSecrets(db) : undefined;
  const key = shared ? await loadOrCreateSharedSigningKey(shared) : await loadOrCreateSigningKey(dataDir);
  const holder = `${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
  const fired = new FiredStore(db, holder);
  const users = new Users(db);
  const revoked = new RevokedTokens(db);
  const refreshTokens = new RefreshTokens(db);
  const loginOptions = {
    perAccount: limits.loginPerAccount ?? 10,
    perAddress: limits.loginPerAddress ?? 50,
    windowMs: limits.loginWindowMs ?? 15 * 60_000,
  };
  const registerOptions = {
    // The account key is unused for registrations: every attempt counts against the address.
    perAccount: Number.MAX_SAFE_INTEGER,
    perAddress: limits.registerPerAddress ?? 20,
    windowMs: limits.registerWindowMs ?? 10 * 60_000,
  };
  const loginLimiter: LoginLimits = cluster
    ? new SharedLoginLimiter({ ...loginOptions, ...cluster, prefix: 'taskflow:login:' })
    : new LoginLimiter(loginOptions);
  const registerLimiter: LoginLimits = cluster
    ? new SharedLoginLimiter({ ...registerOptions, ...cluster, prefix: 'taskflow:register:' })
    : new LoginLimiter(registerOptions);
  const unsubscribeSecret = shared
    ? Buffer.from(shared.getOrCreate('unsubscribe-secret', randomBytes(32).toString('hex')), 'hex')
    : loadOrCreateSecret(join(dataDir, 'unsubscribe-secret'));
  return {
    atomically: atomically(db),
    key,
    users,
    revoked,
    refreshTokens,
    // Links are derived with the secret outside the database (auth/account-links.ts); the sender
    // holds the same secret to put them in emails.
    accountTokens: new AccountTokens(db, unsubscribeSecret, now),
    workspaces: new Workspaces(db),
    workspaceTransfer: new WorkspaceTransferStore(db),
    invitations: new Invitations(db),
    syncClients: new SyncClients(db),
    entities: new EntityIndex(db),
    authenticator: new Authenticator(key, users, revoked, refreshTokens),
    loginLimiter,
    registerLimiter,
    now,
    holder,
    unsubscribeSecret,
    fired,
    leases: new Leases(db),
    schedule: new ScheduleStore(db, fired),
    backfill: new BackfillStore(db),
    automationSettings: new AutomationSettingsStore(db),
    outbox: new OutboxStore(db, { holder }),
    inApp: new InAppStore(db, now),
    prefs: new NotificationPrefs(db),
    taskViews: new TaskViews(db),
    taskNumbers: new TaskNumberStore(db),
    close: async () => {
      for (const limiter of [loginLimiter, registerLimiter])
        if (limiter instanceof SharedLoginLimiter) await limiter.close();
    },
  };
}

function loadOrCreateSecret(file: string): Buffer {
  const read = (): Buffer | undefined => {
    try {
      const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
      if (key.length !== 32)
        throw new Error(`${file} must hold 32 bytes in hex; delete it to make a new one`);
      return key;
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw error;
    }
  };
  const existing = read();
  if (existing) return existing;
  // Written whole to a temporary file, then linked into place: a second process starting at the
  // same moment sees no file or the whole key, never an empty one (an empty HMAC key forges links).
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temp, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, file);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temp);
  }
  return read() as Buffer;
}
