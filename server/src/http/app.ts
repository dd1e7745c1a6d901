/** The HTTP routes: probes, the REST API under /api/v1, and the web app. */
import type { Tracer } from '@opentelemetry/api';
import { Hono } from 'hono';
import type { Logger } from '../logger.ts';
import type { ProxyTrust } from '../net/forwarded.ts';
import { type HostPolicy, requireAllowedHost } from '../net/host.ts';
import { requireAllowedOrigin } from '../net/origin.ts';
import { httpMetrics } from '../observability/http-metrics.ts';
import { httpTracing } from '../observability/http-tracing.ts';
import type { Metrics } from '../observability/metrics.ts';
import { type MetricsAccess, metricsRoute } from '../observability/metrics-route.ts';
import { type ReadinessOptions, readinessRoute } from '../observability/readiness.ts';
import { requestLog } from '../observability/request-log.ts';
import { apiErrorResponse, createApi } from './api.ts';
import type { ApiDeps, RouteSpec } from './api-types.ts';
import { resolveClientAddress } from './client-address.ts';
import { securityHeaders } from './security-headers.ts';
import { createStaticHandler } from './static-files.ts';

export type AppOptions = {
  staticDir: string;
  /** What /readyz checks: the database takes a write, free disk space, the email transport. */
  readiness: ReadinessOptions;
  /** This server's instruments (/metrics, the HTTP histogram) and who may read them. */
  metrics: { instruments: Metrics; access: MetricsAccess };
  /** A server span per request (observability/http-tracing.ts); unset when tracing is off. */
  tracer?: Tracer | undefined;
  logger: Logger;
  api: ApiDeps;
  /** Host names this server answers to (DNS rebinding); default: localhost and IP literals. */
  hosts: HostPolicy;
  /** The reverse proxies whose X-Forwarded-For names the client (TRUST_PROXY). */
  proxies: ProxyTrust;
};

export function createApp(options: AppOptions): { app: Hono; specs: readonly RouteSpec[] } {
  const app = new Hono();
  const serveStatic = createStaticHandler(options.staticDir);
  const { api, specs } = createApi(options.api);

  // Outermost, so refusals and errors carry the headers too; then who is asked, then for what.
  // The request id and log line first, so every answer (refusals, errors) carries and logs them.
  app.use('*', requestLog(options.logger));
  app.use('*', resolveClientAddress(options.proxies));
  if (options.tracer) app.use('*', httpTracing(options.tracer));
  app.use('*', httpMetrics(options.metrics.instruments));
  app.use('*', securityHeaders);
  app.use('*', requireAllowedHost(options.hosts));
  // The refresh cookie is scoped to /api/v1/auth: every unsafe method there checks Origin.
  app.use('/api/v1/auth/*', requireAllowedOrigin(options.api.origins));
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', readinessRoute(options.readiness));
  app.get('/metrics', metricsRoute(options.metrics.instruments, options.metrics.access));
  app.route('/api/v1', api);
  app.all('*', (c) => serveStatic(c.req.raw));

  app.onError((error, c) => apiErrorResponse(error, c, options));
  return { app, specs };
}
