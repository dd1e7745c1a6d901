/**
 * What the REST routes get, part by part: each route module takes only the parts it names
 * (`Pick<ApiDeps, …>`), so what a route can reach is visible in its signature. start-server.ts
 * builds this from the process's services; nothing in http/ sees the whole bag.
 */
import type { Hocuspocus } from '@hocuspocus/server';
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { AccountTokens } from '../accounts/account-tokens.ts';
import type { Authenticated, Authenticator } from '../accounts/authenticator.ts';
import type { EntityIndex } from '../accounts/entity-index.ts';
import type { Invitations } from '../accounts/invitations.ts';
import type { RevokedTokens, Users } from '../accounts/users.ts';
import type { Workspaces } from '../accounts/workspaces.ts';
import type { LoginLimits } from '../auth/login-limiter.ts';
import type { Action } from '../auth/policy.ts';
import type { RefreshTokens } from '../auth/refresh-tokens.ts';
import type { SigningKey } from '../auth/signing-key.ts';
import type { FiredStore } from '../automations/fired-store.ts';
import type { ScheduleProjection } from '../automations/schedule-projection.ts';
import type { ScheduleStore } from '../automations/schedule-store.ts';
import type { AutomationSettingsStore } from '../automations/settings.ts';
import type { CookieSecure } from '../config.ts';
import type { HistoryServices } from '../history/history-services.ts';
import type { Logger } from '../logger.ts';
import type { OriginPolicy } from '../net/origin.ts';
import type { InAppStore } from '../notifications/in-app.ts';
import type { OutboxStore } from '../notifications/outbox.ts';
import type { NotificationPrefs } from '../notifications/prefs.ts';
import type { NotificationPush } from '../notifications/push.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Atomically } from '../persistence/database.ts';
import type { Limiter } from '../protection/rate-limiter.ts';
import type { ReportTimelines } from '../reports/timeline-cache.ts';
import type { LiveConnections } from '../sync/live-connections.ts';
import type { WorkspaceTransferStore } from '../transfer/workspace-transfer-store.ts';

export type ApiDeps = {
  users: Users;
  revoked: RevokedTokens;
  refreshTokens: RefreshTokens;
  /** Mailed single-use links: password reset, email change, sign-up verification. */
  accountTokens: AccountTokens;
  /** REQUIRE_EMAIL_VERIFICATION: a new account signs in only after following its link. */
  requireEmailVerification: boolean;
  workspaces: Workspaces;
  invitations: Invitations;
  entities: EntityIndex;
  key: SigningKey;
  authenticator: Authenticator;
  loginLimiter: LoginLimits;
  /** REST writes per person and per address (protection/rest-write-limit.ts); unset: no limit. */
  rateLimiter?: Limiter;
  registerLimiter: LoginLimits;
  /** Signs unsubscribe links. */
  unsubscribeSecret: Buffer;
  schedule: Pick<ScheduleStore, 'removeWorkspace'>;
  fired: Pick<FiredStore, 'activityAfter'>;
  /** Activity, the board as of a moment, restore and purge. */
  history: Pick<HistoryServices, 'store' | 'states' | 'boards' | 'projector' | 'purge'>;
  /** The reports' timelines of each workspace, folded from its activity (docs/REPORTS.md). */
  reports: Pick<ReportTimelines, 'current'>;
  automationSettings: AutomationSettingsStore;
  outbox: OutboxStore;
  inApp: InAppStore;
  prefs: NotificationPrefs;
  /** Runs store calls as one database transaction: all of them happen, or none. */
  atomically: Atomically;
  /** The clock of everything time-driven; injected by tests. */
  now: () => number;
  hocuspocus: Hocuspocus;
  live: LiveConnections;
  /** Reschedules reminders after a settings or time-zone change. */
  projection: Pick<ScheduleProjection, 'reproject' | 'reprojectUser'>;
  push: Pick<NotificationPush, 'unreadChanged'>;
  logger: Logger;
  origins: OriginPolicy;
  publicUrl: string | undefined;
  cookieSecure: CookieSecure;
  /** Login failures and rate-limit refusals counted (observability/metrics.ts); unset in unit tests. */
  metrics?: Pick<Metrics, 'loginFailures' | 'rateLimitRefusals'>;
  /** The body limit of the project-import routes (IMPORT_MAX_BYTES); every other route takes 1 MiB. */
  importMaxBytes: number;
  /** A workspace's rows read and written whole (export and import as one file). */
  workspaceTransfer: WorkspaceTransferStore;
};

export type ApiEnv = {
  // Absent when the app is called without @hono/node-server (app.request in a unit test).
  Bindings: Partial<HttpBindings>;
  // `workspace`: the one a workspace route acts in, once resolved (its request log line names it).
  // `clientAddress`: who is asking, proxies considered (client-address.ts).
  Variables: { auth: Authenticated; workspace?: string; clientAddress?: string };
};

export type ApiContext = Context<ApiEnv>;

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Whom a route is about, which decides what the route table checks before the handler runs:
 * - `caller`: the caller alone (their account, notifications, preferences) or nobody yet (sign-in,
 *   public links): no workspace, so no action;
 * - `workspace`: one workspace, resolved from the request, where the caller's role must allow `action`;
 * - `workspaces`: a list over the caller's workspaces, kept to those where their role allows `action`.
 */
export type Scope = 'caller' | 'workspace' | 'workspaces';

/**
 * One REST route as data: the OpenAPI document is generated from these, and the policy-matrix test
 * reads `action` from that document to compute who may call it.
 */
export type RouteSpec = {
  method: Method;
  /** Hono path below /api/v1, e.g. `/workspaces/:id`. */
  path: string;
  summary: string;
  /** Needs a bearer access token. */
  auth: boolean;
  scope: Scope;
  /** The policy action checked against the caller's role; set exactly when scope is not `caller`. */
  action?: Action;
  body?: import('zod').ZodType;
  query?: import('zod').ZodType;
  /** Status of the success answer. */
  status: number;
  /**
   * Error codes this route can answer with, besides payload_too_large, misdirected_request and
   * internal (every route) and invalid_json, json_too_deep and unsupported_media_type (body routes).
   */
  errors: readonly string[];
};
