/** Registers REST routes from their specs and keeps the specs for the OpenAPI document. */
import type { Handler, Hono } from 'hono';
import type { ApiDeps, ApiEnv, RouteSpec } from './api-types.ts';
import { requireUser } from './auth-middleware.ts';

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
    if (spec.auth) this.#app.on(method, spec.path, this.#auth, handler);
    else this.#app.on(method, spec.path, handler);
  }
}
