/** The server's answers as zod schemas (the OpenAPI document at /api/v1/openapi.json); types are inferred from them. */
import { z } from 'zod';

export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const userSchema = z.object({ id: z.string().min(1), email: z.string(), name: z.string() });
export type User = z.infer<typeof userSchema>;

export const workspaceSummarySchema = z.object({ id: z.string().min(1), name: z.string(), role: roleSchema });
export type WorkspaceSummary = z.infer<typeof workspaceSummarySchema>;

export const tokenResponseSchema = z.object({
  accessToken: z.string().min(1),
  expiresIn: z.number().positive(),
  user: userSchema,
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** `verificationRequired`: sign-in waits for the emailed link (absent from older servers: false). */
export const registerResponseSchema = z.object({
  user: userSchema,
  verificationRequired: z.boolean().optional(),
});
/** A page of a list route: null (or absent, from an older server) on the last page. */
export const nextCursorSchema = z.string().nullable().optional();
export const workspacesResponseSchema = z.object({
  workspaces: z.array(workspaceSummarySchema),
  nextCursor: nextCursorSchema,
});

/** Times may come as epoch milliseconds or ISO strings; both end up as a Date-parsable value. */
const timeSchema = z.union([z.number(), z.string()]);

export const memberSchema = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  joinedAt: timeSchema.optional(),
});
export type Member = z.infer<typeof memberSchema>;
export const membersResponseSchema = z.object({
  members: z.array(memberSchema),
  nextCursor: nextCursorSchema,
});
export const memberResponseSchema = z.object({ member: memberSchema });

export const invitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: roleSchema,
  expiresAt: timeSchema,
});
export type Invitation = z.infer<typeof invitationSchema>;
export const invitationsResponseSchema = z.object({
  invitations: z.array(invitationSchema),
  nextCursor: nextCursorSchema,
});
export const createdInvitationSchema = invitationSchema.extend({ url: z.string() });
export type CreatedInvitation = z.infer<typeof createdInvitationSchema>;

export const acceptResponseSchema = z.object({ workspace: workspaceSummarySchema });

export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.unknown(), message: z.string() })).optional(),
  }),
});

/** Roles one may hand out (mirrors the server's canAssignRole; the server decides anyway). */
export function assignableRoles(actor: Role | undefined): readonly Role[] {
  if (actor === 'owner') return ROLES;
  if (actor === 'admin') return ['admin', 'member', 'viewer'];
  return [];
}

export function isAdmin(role: Role | undefined): boolean {
  return role === 'owner' || role === 'admin';
}

export function canEdit(role: Role | undefined): boolean {
  return role === 'owner' || role === 'admin' || role === 'member';
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  member: 'Member',
  viewer: 'Viewer',
};
