/** The members and invitations routes of one workspace (the OpenAPI document at /api/v1/openapi.json). */
import type { z } from 'zod';
import { allPages } from '../api/pages.ts';
import {
  type CreatedInvitation,
  createdInvitationSchema,
  type Invitation,
  invitationsResponseSchema,
  type Member,
  memberResponseSchema,
  membersResponseSchema,
  type Role,
} from '../api/schemas.ts';
import type { Session } from '../session/session.ts';

export function membersApi(session: Session, workspaceId: string) {
  const base = `/api/v1/workspaces/${encodeURIComponent(workspaceId)}`;
  const api = <T>(path: string, schema: z.ZodType<T>) => session.api(path, schema);
  return {
    members(): Promise<Member[]> {
      return allPages(api, `${base}/members`, membersResponseSchema, (p) => p.members);
    },
    invitations(): Promise<Invitation[]> {
      return allPages(api, `${base}/invitations`, invitationsResponseSchema, (p) => p.invitations);
    },
    invite(email: string, role: Role): Promise<CreatedInvitation> {
      return session.api(`${base}/invite`, createdInvitationSchema, {
        method: 'POST',
        body: { email, role },
      });
    },
    revoke(invitationId: string): Promise<void> {
      return session.api(`${base}/invitations/${encodeURIComponent(invitationId)}`, null, {
        method: 'DELETE',
      });
    },
    async changeRole(userId: string, role: Role): Promise<Member> {
      const path = `${base}/members/${encodeURIComponent(userId)}`;
      return (await session.api(path, memberResponseSchema, { method: 'PATCH', body: { role } })).member;
    },
    remove(userId: string): Promise<void> {
      return session.api(`${base}/members/${encodeURIComponent(userId)}`, null, { method: 'DELETE' });
    },
  };
}

export type MembersApi = ReturnType<typeof membersApi>;

export function formatTime(value: number | string | undefined): string {
  if (value === undefined) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleDateString();
}
