/** Registers REST routes from their specs and keeps the specs for the OpenAPI document. */
import type { Handler, Hono, MiddlewareHandler } from 'hono';
import type { ApiDeps, ApiEnv, RouteSpec } from './api-types.ts';
import { requireUser } from './auth-middleware.ts';
import { requireJsonBody } from './content-type.ts';

export class RouteTable {
  readonly specs: RouteSpec[] = [];
  readonly #app: Hono<ApiEnv>;
  readonly #auth: ReturnType<typeof requireUser>;

  constructor(app: Hono<ApiEnv>, deps: ApiDeps) {
    this.#app = app;
    this.#auth = requireUser(deps);
  }

  add(spec: RouteSpec, handler: Handler<ApiEnv>): void {
    this.specs.push(spec);
    const method = spec.method.toUpperCase();
    // Who first (401 before anything else), then the body's type, before the handler does any work.
    const pass: MiddlewareHandler<ApiEnv> = async (_c, next) => next();
    this.#app.on(
      method,
      spec.path,
      spec.auth ? this.#auth : pass,
      spec.body ? requireJsonBody : pass,
      handler,
    );
  }
}
