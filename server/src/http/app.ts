/** The HTTP routes: probes, the REST API under /api/v1, and the web app. */
import { Hono } from 'hono';
import { errorBody } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { apiErrorResponse, createApi } from './api.ts';
import type { ApiDeps, RouteSpec } from './api-types.ts';
import { createStaticHandler } from './static-files.ts';

export type AppOptions = {
  staticDir: string;
  /** True when the database took a real write just now. */
  isReady: () => boolean;
  logger: Logger;
  api: ApiDeps;
};

export function createApp(options: AppOptions): { app: Hono; specs: readonly RouteSpec[] } {
  const app = new Hono();
  const serveStatic = createStaticHandler(options.staticDir);
  const { api, specs } = createApi(options.api);

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) =>
    options.isReady()
      ? c.json({ status: 'ok' })
      : c.json(errorBody('unavailable', 'The database is not writable.'), 503),
  );
  app.route('/api/v1', api);
  app.all('*', (c) => serveStatic(c.req.raw));

  app.onError((error, c) => apiErrorResponse(error, c, options));
  return { app, specs };
}
