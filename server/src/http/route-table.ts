/**
 * Registers REST routes from their specs, runs every check a spec declares before its handler, and
 * keeps the specs for the OpenAPI document. How a route is added says whom it is about: `open`
 * (nobody signed in yet), `forCaller` (the caller alone), `inWorkspace` (one workspace, through the
 * policy gate, gate.ts) or `acrossWorkspaces` (a list kept to the workspaces the action allows).
 *
 * The order of answers, the same for every route: 401 (who), 415 (the body's type), then for a
 * workspace route the id in the path (404 when absurd), the query (400), the workspace (404, or
 * 409 when an id is in several), the role (404 / 403), and only then the body (400), unless the
 * body is what names the workspace.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { User } from '../accounts/users.ts';
import type { Action, Role } from '../auth/policy.ts';
import { restWriteLimit } from '../protection/rest-write-limit.ts';
import type { ApiContext, ApiDeps, ApiEnv, RouteSpec } from './api-types.ts';
import { requireUser } from './auth-middleware.ts';
import { clientAddress } from './client-address.ts';
import { requireJsonBody } from './content-type.ts';
import { checkRole, type WorkspaceRef, workspacesAllowing } from './gate.ts';
import { param, readBody, readQuery } from './validate.ts';

type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;
type Answer = Response | Promise<Response>;

/** What a spec writes; the table fills in `auth`, `scope` and `action` from how the route is added. */
export type Spec<B extends Schema = Schema, Q extends Schema = Schema> = Omit<
  RouteSpec,
  'auth' | 'scope' | 'action' | 'body' | 'query'
> & { body?: B; query?: Q };

export type CallerInput<B extends Schema, Q extends Schema> = {
  user: User;
  body: Parsed<B>;
  query: Parsed<Q>;
};
export type WorkspaceInput<B extends Schema, Q extends Schema> = CallerInput<B, Q> & {
  workspace: string;
  role: Role;
};
export type ListInput<B extends Schema, Q extends Schema> = CallerInput<B, Q> & { workspaces: string[] };

export type WorkspaceRoute<B extends Schema, Q extends Schema> = Spec<B, Q> & {
  action: Action;
  workspace: WorkspaceRef<Parsed<B>, Parsed<Q>>;
  /**
   * A second path parameter naming whom the route acts on, checked before the gate; with `self`,
   * a caller naming themselves needs only that action (anyone may leave a workspace).
   */
  target?: { param: string; self?: Action };
};

export class RouteTable {
  readonly specs: RouteSpec[] = [];
  readonly #app: Hono<ApiEnv>;
  readonly #deps: Pick<ApiDeps, 'workspaces'>;
  readonly #auth: MiddlewareHandler<ApiEnv>;
  readonly #writeLimit: MiddlewareHandler<ApiEnv> | undefined;

  constructor(app: Hono<ApiEnv>, deps: Pick<ApiDeps, 'authenticator' | 'workspaces' | 'rateLimiter'>) {
    this.#app = app;
    this.#deps = deps;
    this.#auth = requireUser(deps);
    this.#writeLimit =
      deps.rateLimiter &&
      restWriteLimit<ApiContext>(deps.rateLimiter, {
        // Unset on open routes (no token): those are charged per address only.
        personOf: (c) => (c.get('auth') as ApiEnv['Variables']['auth'] | undefined)?.user.id,
        addressOf: clientAddress,
      });
  }

  /** No bearer token (signing in, links from emails): the handler reads and checks its own input. */
  open(spec: Spec, handler: (c: ApiContext) => Answer): void {
    this.#register({ ...spec, auth: false, scope: 'caller' }, handler);
  }

  /** About the caller alone (their account, notifications, preferences): no workspace, so no action. */
  forCaller<B extends Schema = undefined, Q extends Schema = undefined>(
    spec: Spec<B, Q>,
    handler: (c: ApiContext, input: CallerInput<B, Q>) => Answer,
  ): void {
    this.#register({ ...spec, auth: true, scope: 'caller' }, async (c) => {
      const query = this.#query(c, spec);
      return handler(c, { user: c.get('auth').user, query, body: await this.#body(c, spec) });
    });
  }

  /** One workspace, resolved as the spec says; the handler runs only when the role allows the action. */
  inWorkspace<B extends Schema = undefined, Q extends Schema = undefined>(
    spec: WorkspaceRoute<B, Q>,
    handler: (c: ApiContext, input: WorkspaceInput<B, Q>) => Answer,
  ): void {
    const { workspace: ref, target, ...rest } = spec;
    this.#register({ ...rest, auth: true, scope: 'workspace' }, async (c) => {
      const { user } = c.get('auth');
      const id = ref.body ? '' : param(c, ref.param);
      const targetId = target ? param(c, target.param) : undefined;
      const query = this.#query(c, spec);
      const gated = async (workspace: string, early?: { body: Parsed<B> }) => {
        c.set('workspace', workspace);
        const action = target?.self && targetId === user.id ? target.self : spec.action;
        const role = checkRole(this.#deps, workspace, user.id, action, ref.body ? undefined : ref.hidden);
        const body = early ? early.body : await this.#body(c, spec);
        return handler(c, { user, workspace, role, query, body });
      };
      if (!ref.body) return gated(await ref.resolve(id, { user, query }));
      const body = await this.#body(c, spec);
      return gated(await ref.resolve({ user, query, body }), { body });
    });
  }

  /** A list over the caller's workspaces, kept to those where their role allows the action. */
  acrossWorkspaces<B extends Schema = undefined, Q extends Schema = undefined>(
    spec: Spec<B, Q> & { action: Action },
    handler: (c: ApiContext, input: ListInput<B, Q>) => Answer,
  ): void {
    this.#register({ ...spec, auth: true, scope: 'workspaces' }, async (c) => {
      const { user } = c.get('auth');
      const query = this.#query(c, spec);
      const body = await this.#body(c, spec);
      return handler(c, {
        user,
        query,
        body,
        workspaces: workspacesAllowing(this.#deps, user.id, spec.action),
      });
    });
  }

  #register(spec: RouteSpec, handler: (c: ApiContext) => Answer): void {
    this.specs.push(spec);
    // Who first (401 before anything else), then a write's rate limit (429, nothing changed), then
    // the body's type, before the handler does any work.
    const pass: MiddlewareHandler<ApiEnv> = async (_c, next) => next();
    this.#app.on(
      spec.method.toUpperCase(),
      spec.path,
      spec.auth ? this.#auth : pass,
      spec.method !== 'get' && this.#writeLimit ? this.#writeLimit : pass,
      spec.body ? requireJsonBody : pass,
      handler,
    );
  }

  // The casts: zod's output of `B` is `Parsed<B>` by definition, which TypeScript cannot see
  // through the conditional type.
  #query<B extends Schema, Q extends Schema>(c: ApiContext, spec: Spec<B, Q>): Parsed<Q> {
    return (spec.query ? readQuery(c, spec.query) : undefined) as Parsed<Q>;
  }

  async #body<B extends Schema, Q extends Schema>(c: ApiContext, spec: Spec<B, Q>): Promise<Parsed<B>> {
    return (spec.body ? await readBody(c, spec.body) : undefined) as Parsed<B>;
  }
}
