/**
 * Times every HTTP request into `taskflow_http_request_duration_seconds`, labelled by the route
 * TEMPLATE that answered (`/api/v1/tasks/:id`), never the raw path: ids in labels would make a
 * series per task and let any client grow the server's memory by asking for made-up paths. For the
 * same reason an unknown method is labelled OTHER. Mounted first, so refusals by later middleware
 * (421, 401, 429) are counted under the pattern of whatever answered them (`*`, `/api/v1/*`).
 */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Metrics } from './metrics.ts';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function httpMetrics(metrics: Pick<Metrics, 'httpRequestSeconds'>): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      // After next(), the route index is the handler that ran last: the one that answered.
      metrics.httpRequestSeconds.observe(
        {
          route: routePath(c) || 'unmatched',
          method: METHODS.has(c.req.method) ? c.req.method : 'OTHER',
          status: String(c.res.status),
        },
        (performance.now() - started) / 1000,
      );
    }
  };
}
