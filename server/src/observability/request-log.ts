/**
 * One log line per HTTP request, and the request id every line about it carries (returned in
 * `X-Request-Id`). What is logged is chosen, not dumped: the method, the route TEMPLATE that
 * answered (`/api/v1/invitations/:token`), the status, the duration and whose request it was.
 * Never the raw path or the query (invitation and unsubscribe tokens travel in them, and so does
 * the web app's `/invite/<token>` page), never a header (Authorization, Cookie) and never a body.
 * The logger's `redact` list (logger.ts) is the second line of defence behind this choice.
 */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from '../logger.ts';
import { REQUEST_ID_HEADER, requestIdFrom } from './request-id.ts';

/**
 * What a request's handlers tell its log line: `auth` is set by the bearer check
 * (http/auth-middleware.ts), `workspace` by the policy gate (http/route-table.ts), `traceId` by
 * the tracing middleware (http-tracing.ts) when tracing is on.
 */
export type RequestLogEnv = {
  Variables: {
    requestId: string;
    auth?: { user: { id: string } };
    workspace?: string;
    traceId?: string;
  };
};

/** Probes and the metrics scrape come every few seconds: their lines are debug, not info. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

export function requestLog(logger: Logger): MiddlewareHandler<RequestLogEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = requestIdFrom(c.req.header(REQUEST_ID_HEADER));
    c.set('requestId', requestId);
    let failed = false;
    try {
      await next();
    } catch (error) {
      // The app's onError answers every error; reaching here means that answer itself failed.
      failed = true;
      throw error;
    } finally {
      const status = failed ? 500 : c.res.status;
      if (!failed) c.res.headers.set(REQUEST_ID_HEADER, requestId);
      const route = routePath(c) || 'unmatched';
      const line = {
        requestId,
        method: c.req.method,
        route,
        status,
        ms: Math.round((performance.now() - started) * 100) / 100,
        user: c.get('auth')?.user.id,
        workspace: c.get('workspace'),
        traceId: c.get('traceId'),
      };
      if (status >= 500) logger.error(line, 'request');
      else if (PROBES.has(route)) logger.debug(line, 'request');
      else logger.info(line, 'request');
    }
  };
}
