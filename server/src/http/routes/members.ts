/**
 * Members and invitations. Role changes and removals take effect on open boards at once: the
 * member's sync sockets for the workspace are closed, and the provider reconnects with its new
 * rights (or is refused).
 */
import { canAssignRole, type Role } from '../../auth/policy.ts';
import { ApiError, notFound } from '../../errors.ts';
import type { ApiContext, ApiDeps } from '../api-types.ts';
import { authorize } from '../authorize.ts';
import type { RouteTable } from '../route-table.ts';
import { inviteBody, memberBody } from '../schemas.ts';
import { param, readBody } from '../validate.ts';

const iso = (ms: number) => new Date(ms).toISOString();

export function memberRoutes(routes: RouteTable, deps: ApiDeps): void {
  const { workspaces, invitations, users, db } = deps.services;

  const memberOf = (workspaceId: string, userId: string) => {
    const m = workspaces.members(workspaceId).find((x) => x.userId === userId);
    return m && { userId: m.userId, email: m.email, name: m.name, role: m.role, joinedAt: iso(m.joinedAt) };
  };

  /** The link people open; PUBLIC_URL when configured, else the address this request came to. */
  const inviteUrl = (c: ApiContext, token: string) =>
    `${deps.publicUrl ?? new URL(c.req.url).origin}/invite/${token}`;

  routes.add(
    {
      method: 'get',
      path: '/workspaces/:id/members',
      summary: 'Members of a workspace with their roles.',
      auth: true,
      action: 'members.read',
      status: 200,
      errors: ['unauthenticated', 'not_found'],
    },
    (c) => {
      const id = param(c, 'id');
      authorize(deps, id, c.get('auth').user.id, 'members.read');
      const members = workspaces.members(id).map((m) => ({
        userId: m.userId,
        email: m.email,
        name: m.name,
        role: m.role,
        joinedAt: iso(m.joinedAt),
      }));
      return c.json({ members }, 200);
    },
  );

  routes.add(
    {
      method: 'patch',
      path: '/workspaces/:id/members/:userId',
      summary: "Change a member's role. Only owners make or unmake owners; the last owner cannot be demoted.",
      auth: true,
      action: 'members.update',
      body: memberBody,
      status: 200,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c) => {
      const id = param(c, 'id');
      const targetId = param(c, 'userId');
      const actor = authorize(deps, id, c.get('auth').user.id, 'members.update');
      const { role } = await readBody(c, memberBody);
      const current = workspaces.roleOf(id, targetId);
      if (current === null) throw notFound('That member');
      if (!canAssignRole(actor, current) || !canAssignRole(actor, role)) {
        throw new ApiError('forbidden', 'Only an owner can make or unmake owners.');
      }
      const changed = db.transaction((): boolean => {
        if (current === role) return false;
        if (current === 'owner' && workspaces.ownerCount(id) <= 1) {
          throw new ApiError('conflict', 'A workspace needs an owner: make someone else owner first.');
        }
        workspaces.setRole(id, targetId, role);
        return true;
      })();
      if (changed) deps.live.closeMember(id, targetId, 'role changed');
      return c.json({ member: memberOf(id, targetId) }, 200);
    },
  );

  routes.add(
    {
      method: 'delete',
      path: '/workspaces/:id/members/:userId',
      summary: 'Remove a member, or leave (your own id). The last owner cannot leave.',
      auth: true,
      action: 'members.remove',
      status: 204,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict'],
    },
    (c) => {
      const id = param(c, 'id');
      const targetId = param(c, 'userId');
      const me = c.get('auth').user.id;
      let actor: Role;
      if (targetId === me) {
        // Leaving needs no right beyond membership.
        actor = authorize(deps, id, me, 'workspace.read');
      } else {
        actor = authorize(deps, id, me, 'members.remove');
      }
      db.transaction(() => {
        const current = workspaces.roleOf(id, targetId);
        if (current === null) throw notFound('That member');
        if (targetId !== me && !canAssignRole(actor, current)) {
          throw new ApiError('forbidden', 'Only an owner can remove an owner.');
        }
        if (current === 'owner' && workspaces.ownerCount(id) <= 1) {
          throw new ApiError('conflict', 'A workspace needs an owner: make someone else owner first.');
        }
        workspaces.remove(id, targetId);
      })();
      deps.live.closeMember(id, targetId, 'removed from the workspace');
      return c.body(null, 204);
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/workspaces/:id/invite',
      summary:
        'Invite someone by email with a role: a single-use link valid for 7 days, bound to that email.',
      auth: true,
      action: 'members.invite',
      body: inviteBody,
      status: 201,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c) => {
      const id = param(c, 'id');
      const me = c.get('auth').user.id;
      const actor = authorize(deps, id, me, 'members.invite');
      const body = await readBody(c, inviteBody);
      if (!canAssignRole(actor, body.role)) throw new ApiError('forbidden', 'You cannot hand out that role.');
      const existing = users.withPasswordByEmail(body.email)?.user;
      if (existing && workspaces.roleOf(id, existing.id) !== null) {
        throw new ApiError('conflict', 'That person is already a member.');
      }
      // The email is enqueued in the same transaction as the invitation: both exist, or neither.
      const inv = db.transaction(() => {
        const created = invitations.create({
          workspaceId: id,
          email: body.email,
          role: body.role,
          invitedBy: me,
        });
        deps.services.outbox.enqueue({
          key: `invitation:${created.id}`,
          userId: null,
          workspaceId: id,
          now: deps.services.now(),
          kind: 'invitation',
          payload: {
            toEmail: created.email,
            workspaceName: (workspaces.get(id)?.name ?? id).slice(0, 500),
            inviterName: c.get('auth').user.name.slice(0, 500),
            role: created.role,
            link: `/invite/${created.token}`,
          },
        });
        return created;
      })();
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

  routes.add(
    {
      method: 'get',
      path: '/workspaces/:id/invitations',
      summary: 'Pending invitations (admins).',
      auth: true,
      action: 'members.invite',
      status: 200,
      errors: ['unauthenticated', 'forbidden', 'not_found'],
    },
    (c) => {
      const id = param(c, 'id');
      authorize(deps, id, c.get('auth').user.id, 'members.invite');
      const list = invitations
        .pending(id)
        .map((i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: iso(i.expiresAt) }));
      return c.json({ invitations: list }, 200);
    },
  );

  routes.add(
    {
      method: 'delete',
      path: '/workspaces/:id/invitations/:invitationId',
      summary: 'Withdraw a pending invitation (admins).',
      auth: true,
      action: 'members.invite',
      status: 204,
      errors: ['unauthenticated', 'forbidden', 'not_found'],
    },
    (c) => {
      const id = param(c, 'id');
      authorize(deps, id, c.get('auth').user.id, 'members.invite');
      if (!invitations.revoke(id, param(c, 'invitationId'))) throw notFound('That invitation');
      return c.body(null, 204);
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/invitations/:token/accept',
      summary: 'Accept an invitation as the signed-in user (whose email must be the invited one).',
      auth: true,
      status: 200,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'gone'],
    },
    (c) => {
      const { user } = c.get('auth');
      const workspace = db.transaction(() => {
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
      })();
      return c.json({ workspace }, 200);
    },
  );
}
