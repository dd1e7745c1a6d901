/** The REST API under /api/v1: body limit, the routes, the OpenAPI document, and error answers. */
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { routePath } from 'hono/route';
import { ApiError, errorBody } from '../errors.ts';
import { isStorageFault } from '../persistence/storage-fault.ts';
import type { ApiDeps, ApiEnv, RouteSpec } from './api-types.ts';
import { openApiDocument } from './openapi.ts';
import { RouteTable } from './route-table.ts';
import { authRoutes } from './routes/auth.ts';
import { automationRoutes } from './routes/automations.ts';
import { historyRoutes } from './routes/history.ts';
import { importRoutes } from './routes/imports.ts';
import { memberRoutes } from './routes/members.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { planningRoutes } from './routes/planning.ts';
import { projectRoutes } from './routes/projects.ts';
import { reportRoutes } from './routes/reports.ts';
import { taskRoutes } from './routes/tasks.ts';
import { worklogRoutes } from './routes/worklogs.ts';
import { workspaceTransferRoutes } from './routes/workspace-transfer.ts';
import { workspaceRoutes } from './routes/workspaces.ts';

export const MAX_BODY_BYTES = 1024 * 1024;
/** The routes that carry an import file (routes/imports.ts), whose body limit is IMPORT_MAX_BYTES. */
const IMPORT_PATH = /\/workspaces\/(import|[^/]+\/project-imports(\/preview)?)$/;

export function createApi(deps: ApiDeps): { api: Hono<ApiEnv>; specs: readonly RouteSpec[] } {
  const api = new Hono<ApiEnv>();
  const limit = (maxSize: number, what: string) =>
    bodyLimit({
      maxSize,
      onError: () => {
        // Connection: close, because the rest of the body is never read from this connection.
        throw new ApiError('payload_too_large', `The request body is larger than ${what}.`, undefined, {
          connection: 'close',
        });
      },
    });
  const small = limit(MAX_BODY_BYTES, '1 MiB');
  // Import files are the one body meant to be large; its own limit, still checked before reading.
  const importFile = limit(deps.importMaxBytes, `the import limit (${deps.importMaxBytes} bytes)`);
  api.use('*', (c, next) => (IMPORT_PATH.test(c.req.path) ? importFile(c, next) : small(c, next)));
  api.use('*', async (c, next) => {
    await next();
    // Answers carry tokens and private data: never cached by browsers or proxies.
    c.header('cache-control', 'no-store');
  });
  const routes = new RouteTable(api, deps);
  authRoutes(routes, deps);
  workspaceRoutes(routes, deps);
  workspaceTransferRoutes(routes, deps);
  memberRoutes(routes, deps);
  projectRoutes(routes, deps);
  taskRoutes(routes, deps);
  planningRoutes(routes, deps);
  worklogRoutes(routes, deps);
  notificationRoutes(routes, deps);
  automationRoutes(routes, deps);
  historyRoutes(routes, deps);
  reportRoutes(routes, deps);
  importRoutes(routes, deps);
  const document = openApiDocument(routes.specs);
  api.get('/openapi.json', (c) => c.json(document));
  api.all('*', () => {
    throw new ApiError('not_found', 'There is no such API route.');
  });
  api.onError((error, c) => apiErrorResponse(error, c, deps));
  return { api, specs: routes.specs };
}

/** Through the context, so headers a handler set before throwing (a cleared cookie) are kept. */
export function apiErrorResponse(error: unknown, c: Context, deps: Pick<ApiDeps, 'logger'>): Response {
  c.header('cache-control', 'no-store');
  if (error instanceof ApiError) {
    for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
    return c.json(errorBody(error.code, error.message, error.details), error.status);
  }
  if (isStorageFault(error)) {
    // A full disk or a held lock: nothing was saved, and retrying later is the right move.
    deps.logger.error({ err: error, ...requestOf(c) }, 'request failed: storage unavailable');
    c.header('retry-after', '5');
    return c.json(
      errorBody(
        'unavailable',
        'The server could not save this (storage unavailable). Nothing was saved; try again shortly.',
      ),
      503,
    );
  }
  deps.logger.error({ err: error, ...requestOf(c) }, 'request failed');
  return c.json(errorBody('internal', 'Something went wrong on the server.'), 500);
}

/** Which request failed: its id and route template, never the path (tokens travel in some). */
function requestOf(c: Context): { requestId: unknown; route: string } {
  return { requestId: c.get('requestId'), route: routePath(c) };
}
