/**
 * The one policy gate of REST. A workspace route's spec names where its workspace comes from (a
 * `WorkspaceRef`); the route table resolves it, looks up the caller's role there and asks the policy
 * table, all before the handler runs, so no handler can forget the check or check the wrong action.
 *
 * Refusals: no role (not a member, removed, a pending invitee, or no such workspace) is the same 404
 * as a missing workspace, answered before anything about the target is revealed; a role without the
 * action is a 403. A target only its managers may know of (a dead letter) answers both refusals
 * with its own 404 instead (`hidden`).
 */
import type { EntityKind } from '../accounts/entity-index.ts';
import type { User } from '../accounts/users.ts';
import { type Action, can, type Role } from '../auth/policy.ts';
import { ApiError, notFound } from '../errors.ts';
import type { ApiDeps } from './api-types.ts';
import { locate } from './locate.ts';

type Resolved = string | Promise<string>;

/** Where a route's workspace comes from, given the checked input (query, and body when it names it). */
export type WorkspaceRef<Body = unknown, Query = unknown> =
  | {
      /** The path parameter naming the workspace or what is in it, checked first (404 when absurd). */
      param: string;
      body?: never;
      resolve: (id: string, input: { user: User; query: Query }) => Resolved;
      /** Refusals answer `${hidden} does not exist.` instead of 404 workspace / 403. */
      hidden?: string;
    }
  | {
      /** The JSON body names it: the body is read and validated before the check. */
      body: true;
      param?: never;
      resolve: (input: { user: User; query: Query; body: Body }) => Resolved;
    };

/** `/workspaces/:id/…`: the path parameter is the workspace id. */
export const workspaceParam: WorkspaceRef = { param: 'id', resolve: (id) => id };

/**
 * `/tasks/:id`, `/projects/:id`: the workspace holding that task or project, among the caller's
 * workspaces only; `workspaceId` in the query picks one when the id is in several.
 */
export function locatedBy(
  deps: Pick<ApiDeps, 'entities' | 'workspaces' | 'hocuspocus'>,
  kind: EntityKind,
): WorkspaceRef<unknown, { workspaceId?: string | undefined } | undefined> {
  return {
    param: 'id',
    resolve: (id, { user, query }) => locate(deps, kind, id, user.id, query?.workspaceId),
  };
}

/** The caller's role in `workspaceId` when it allows `action`; otherwise the refusal described above. */
export function checkRole(
  deps: Pick<ApiDeps, 'workspaces'>,
  workspaceId: string,
  userId: string,
  action: Action,
  hidden?: string,
): Role {
  const role = deps.workspaces.roleOf(workspaceId, userId);
  if (role !== null && can(role, action)) return role;
  if (hidden !== undefined) throw notFound(hidden);
  if (role === null) throw notFound('That workspace');
  throw new ApiError('forbidden', `Your role (${role}) does not allow this.`);
}

/** The caller's workspaces where their role allows `action` (list routes). */
export function workspacesAllowing(
  deps: Pick<ApiDeps, 'workspaces'>,
  userId: string,
  action: Action,
): string[] {
  return deps.workspaces
    .listFor(userId)
    .filter((m) => can(m.role, action))
    .map((m) => m.id);
}
