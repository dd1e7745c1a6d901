/**
 * Authorization for workspace-scoped routes: the caller's role in the workspace decides, through
 * the policy table. No role (not a member, removed, a pending invitee, or no such workspace) is
 * the same 404 as a missing workspace, checked before anything about the target is revealed.
 */
import { type Action, can, type Role } from '../auth/policy.ts';
import { ApiError, notFound } from '../errors.ts';
import type { ApiDeps } from './api-types.ts';

export function authorize(deps: ApiDeps, workspaceId: string, userId: string, action: Action): Role {
  const role = deps.services.workspaces.roleOf(workspaceId, userId);
  if (role === null) throw notFound('That workspace');
  if (!can(role, action)) throw new ApiError('forbidden', `Your role (${role}) does not allow this.`);
  return role;
}
