/** The HTTP routes: probes, the REST prefix (filled by issue 3), and the web app. */
import { Hono } from 'hono';
import { errorBody } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { createStaticHandler } from './static-files.ts';

export type AppOptions = {
  staticDir: string;
  /** True when the database took a real write just now. */
  isReady: () => boolean;
  logger: Logger;
};

export function createApp(options: AppOptions): Hono {
  const app = new Hono();
  const serveStatic = createStaticHandler(options.staticDir);

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) =>
    options.isReady()
      ? c.json({ status: 'ok' })
      : c.json(errorBody('unavailable', 'The database is not writable.'), 503),
  );
  const apiNotFound = (c: { json: (body: unknown, status: 404) => Response }) =>
    c.json(errorBody('not_found', 'There is no such API route.'), 404);
  app.all('/api/v1', apiNotFound);
  app.all('/api/v1/*', apiNotFound);
  app.all('*', (c) => serveStatic(c.req.raw));

  app.onError((error, c) => {
    options.logger.error({ err: error, path: c.req.path }, 'request failed');
    return c.json(errorBody('internal', 'Something went wrong on the server.'), 500);
  });
  return app;
}
