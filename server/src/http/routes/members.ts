/**
 * Members and invitations. Role changes and removals take effect on open boards at once: the
 * member's sync sockets for the workspace are closed, and the provider reconnects with its new
 * rights (or is refused).
 */
import { canAssignRole } from '../../auth/policy.ts';
import { ApiError, notFound } from '../../errors.ts';
import type { ApiContext, ApiDeps } from '../api-types.ts';
import { workspaceParam } from '../gate.ts';
import type { RouteTable } from '../route-table.ts';
import { inviteBody, memberBody, pageQuery } from '../schemas.ts';
import { param } from '../validate.ts';
import { pageOf } from './paging.ts';

const iso = (ms: number) => new Date(ms).toISOString();

export function memberRoutes(
  routes: RouteTable,
  deps: Pick<
    ApiDeps,
    'workspaces' | 'invitations' | 'users' | 'outbox' | 'atomically' | 'now' | 'live' | 'publicUrl'
  >,
): void {
  const { workspaces, invitations, users, atomically } = deps;

  const memberOf = (workspaceId: string, userId: string) => {
    const m = workspaces.members(workspaceId).find((x) => x.userId === userId);
    return m && { userId: m.userId, email: m.email, name: m.name, role: m.role, joinedAt: iso(m.joinedAt) };
  };

  /** The link people open; PUBLIC_URL when configured, else the address this request came to. */
  const inviteUrl = (c: ApiContext, token: string) =>
    `${deps.publicUrl ?? new URL(c.req.url).origin}/invite/${token}`;

  routes.inWorkspace(
    {
      method: 'get',
      path: '/workspaces/:id/members',
      summary:
        'Members of a workspace with their roles, earliest joined first (then email), a page at a time (limit, cursor).',
      action: 'members.read',
      workspace: workspaceParam,
      query: pageQuery,
      status: 200,
      errors: ['unauthenticated', 'not_found', 'invalid_input'],
    },
    (c, { workspace, query: q }) => {
      const page = pageOf(workspaces.members(workspace), (m) => [m.joinedAt, m.email, m.userId], q, {
        tag: 'members',
        arity: 3,
      });
      const members = page.items.map((m) => ({
        userId: m.userId,
        email: m.email,
        name: m.name,
        role: m.role,
        joinedAt: iso(m.joinedAt),
      }));
      return c.json({ members, nextCursor: page.nextCursor }, 200);
    },
  );

  routes.inWorkspace(
    {
      method: 'patch',
      path: '/workspaces/:id/members/:userId',
      summary: "Change a member's role. Only owners make or unmake owners; the last owner cannot be demoted.",
      action: 'members.update',
      workspace: workspaceParam,
      target: { param: 'userId' },
      body: memberBody,
      status: 200,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict', 'invalid_input'],
    },
    (c, { workspace: id, role: actor, body: { role } }) => {
      const targetId = param(c, 'userId');
      const current = workspaces.roleOf(id, targetId);
      if (current === null) throw notFound('That member');
      if (!canAssignRole(actor, current) || !canAssignRole(actor, role)) {
        throw new ApiError('forbidden', 'Only an owner can make or unmake owners.');
      }
      const changed = atomically((): boolean => {
        if (current === role) return false;
        if (current === 'owner' && workspaces.ownerCount(id) <= 1) {
          throw new ApiError('conflict', 'A workspace needs an owner: make someone else owner first.');
        }
        workspaces.setRole(id, targetId, role);
        return true;
      });
      if (changed) deps.live.closeMember(id, targetId, 'role changed');
      return c.json({ member: memberOf(id, targetId) }, 200);
    },
  );

  routes.inWorkspace(
    {
      method: 'delete',
      path: '/workspaces/:id/members/:userId',
      summary: 'Remove a member, or leave (your own id). The last owner cannot leave.',
      action: 'members.remove',
      workspace: workspaceParam,
      // Leaving needs no right beyond membership.
      target: { param: 'userId', self: 'workspace.read' },
      status: 204,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict'],
    },
    (c, { workspace: id, role: actor, user }) => {
      const targetId = param(c, 'userId');
      atomically(() => {
        const current = workspaces.roleOf(id, targetId);
        if (current === null) throw notFound('That member');
        if (targetId !== user.id && !canAssignRole(actor, current)) {
          throw new ApiError('forbidden', 'Only an owner can remove an owner.');
        }
        if (current === 'owner' && workspaces.ownerCount(id) <= 1) {
          throw new ApiError('conflict', 'A workspace needs an owner: make someone else owner first.');
        }
        workspaces.remove(id, targetId);
      });
      deps.live.closeMember(id, targetId, 'removed from the workspace');
      return c.body(null, 204);
    },
  );

  routes.inWorkspace(
    {
      method: 'post',
      path: '/workspaces/:id/invite',
      summary:
        'Invite someone by email with a role: a single-use link valid for 7 days, bound to that email.',
      action: 'members.invite',
      workspace: workspaceParam,
      body: inviteBody,
      status: 201,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict', 'invalid_input'],
    },
    (c, { workspace: id, role: actor, user, body }) => {
      if (!canAssignRole(actor, body.role)) throw new ApiError('forbidden', 'You cannot hand out that role.');
      const existing = users.withPasswordByEmail(body.email)?.user;
      if (existing && workspaces.roleOf(id, existing.id) !== null) {
        throw new ApiError('conflict', 'That person is already a member.');
      }
      // The email is enqueued in the same transaction as the invitation: both exist, or neither.
      const inv = atomically(() => {
        const created = invitations.create({
          workspaceId: id,
          email: body.email,
          role: body.role,
          invitedBy: user.id,
        });
        deps.outbox.enqueue({
          key: `invitation:${created.id}`,
          userId: null,
          workspaceId: id,
          now: deps.now(),
          kind: 'invitation',
          payload: {
            toEmail: created.email,
            workspaceName: (workspaces.get(id)?.name ?? id).slice(0, 500),
            inviterName: user.name.slice(0, 500),
            role: created.role,
            link: `/invite/${created.token}`,
          },
        });
        return created;
      });
      return c.json(
        {
          id: inv.id,
          email: inv.email,
          role: inv.role,
          url: inviteUrl(c, inv.token),
          expiresAt: iso(inv.expiresAt),
        },
        201,
      );
    },
  );

  routes.inWorkspace(
    {
      method: 'get',
      path: '/workspaces/:id/invitations',
      summary:
        'Pending invitations (admins), oldest first (by expiry, then id), a page at a time (limit, cursor).',
      action: 'members.invite',
      workspace: workspaceParam,
      query: pageQuery,
      status: 200,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'invalid_input'],
    },
    (c, { workspace, query: q }) => {
      const page = pageOf(invitations.pending(workspace), (i) => [i.expiresAt, i.id], q, {
        tag: 'invitations',
        arity: 2,
      });
      const list = page.items.map((i) => ({
        id: i.id,
        email: i.email,
        role: i.role,
        expiresAt: iso(i.expiresAt),
      }));
      return c.json({ invitations: list, nextCursor: page.nextCursor }, 200);
    },
  );

  routes.inWorkspace(
    {
      method: 'delete',
      path: '/workspaces/:id/invitations/:invitationId',
      summary: 'Withdraw a pending invitation (admins).',
      action: 'members.invite',
      workspace: workspaceParam,
      status: 204,
      errors: ['unauthenticated', 'forbidden', 'not_found'],
    },
    (c, { workspace }) => {
      if (!invitations.revoke(workspace, param(c, 'invitationId'))) throw notFound('That invitation');
      return c.body(null, 204);
    },
  );

  // Before signing in, the invitee's page says which workspace, who invited and which address to
  // use. The token (32 random bytes, one invitee) is the credential; an unusable one answers as
  // the accept route does, and nothing here changes state (mail scanners open links).
  routes.open(
    {
      method: 'get',
      path: '/invitations/:token',
      summary:
        'What an invitation link is for (no sign-in): the workspace, who invited, the invited email and role.',
      status: 200,
      errors: ['not_found', 'gone'],
    },
    (c) => {
      const found = invitations.lookup(param(c, 'token'));
      if (!found.ok) {
        if (found.reason === 'invalid') throw notFound('That invitation');
        throw new ApiError('gone', 'This invitation was already used or has expired: ask for a new one.');
      }
      const w = workspaces.get(found.workspaceId);
      if (!w) throw notFound('That invitation');
      return c.json(
        {
          workspaceName: w.name,
          inviterName: users.get(found.invitedBy)?.name ?? null,
          email: found.email,
          role: found.role,
          expiresAt: iso(found.expiresAt),
        },
        200,
      );
    },
  );

  // The caller's own act: their invitation token is the credential, not a role.
  routes.forCaller(
    {
      method: 'post',
      path: '/invitations/:token/accept',
      summary: 'Accept an invitation as the signed-in user (whose email must be the invited one).',
      status: 200,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'gone'],
    },
    (c, { user }) => {
      const workspace = atomically(() => {
        const result = invitations.accept(param(c, 'token'), user);
        if (!result.ok) {
          if (result.reason === 'invalid') throw notFound('That invitation');
          if (result.reason === 'wrong_email') {
            throw new ApiError(
              'forbidden',
              'This invitation is for another email address: sign in with that one.',
            );
          }
          throw new ApiError('gone', 'This invitation was already used or has expired: ask for a new one.');
        }
        const w = workspaces.get(result.workspaceId);
        if (!w) throw notFound('That invitation');
        // An existing member keeps their role: an invitation never demotes (or promotes) anyone.
        const current = workspaces.roleOf(w.id, user.id);
        if (current === null) workspaces.setRole(w.id, user.id, result.role);
        return { id: w.id, name: w.name, role: current ?? result.role };
      });
      return c.json({ workspace }, 200);
    },
  );
}
