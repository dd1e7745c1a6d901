/** What every REST route gets: the shared stores, the sync server, and request-scoped identity. */
import type { Hocuspocus } from '@hocuspocus/server';
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { Authenticated } from '../accounts/authenticator.ts';
import type { Action } from '../auth/policy.ts';
import type { ScheduleProjection } from '../automations/schedule-projection.ts';
import type { CookieSecure } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { OriginPolicy } from '../net/origin.ts';
import type { NotificationPush } from '../notifications/push.ts';
import type { SenderLoop } from '../notifications/sender-loop.ts';
import type { Services } from '../services.ts';
import type { LiveConnections } from '../sync/live-connections.ts';

export type ApiDeps = {
  services: Services;
  hocuspocus: Hocuspocus;
  live: LiveConnections;
  logger: Logger;
  origins: OriginPolicy;
  publicUrl: string | undefined;
  cookieSecure: CookieSecure;
  automations: {
    projection: ScheduleProjection;
    push: NotificationPush;
    senderLoop: SenderLoop;
  };
};

export type ApiEnv = {
  // Absent when the app is called without @hono/node-server (app.request in a unit test).
  Bindings: Partial<HttpBindings>;
  Variables: { auth: Authenticated };
};

export type ApiContext = Context<ApiEnv>;

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

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
  /** The policy action checked against the caller's role in the route's workspace. */
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
