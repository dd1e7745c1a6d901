/**
 * What an invitation link is for, asked before anyone signs in (GET /invitations/:token): the
 * invite page names the workspace and who invited, sign-up pre-fills the invited address.
 */
import { useEffect, useState } from 'react';
import { z } from 'zod';
import { requestJson } from '../api/http.ts';

const invitationSchema = z.object({
  workspaceName: z.string(),
  inviterName: z.string().nullable(),
  email: z.string(),
  role: z.enum(['admin', 'member', 'viewer']),
  expiresAt: z.string(),
});
export type InvitationInfo = z.infer<typeof invitationSchema>;

/** The token of an invite page address (`/invite/<token>`), e.g. sign-up's `next`. */
export function inviteToken(path: string | null): string | null {
  const m = path ? /^\/invite\/([^/?#]+)$/.exec(path) : null;
  return m?.[1] ? decodeURIComponent(m[1]) : null;
}

/** The invitation, null while asking, or the error (a used or unknown link, or no network). */
export function useInvitation(token: string | null): { info: InvitationInfo | null; error: unknown } {
  const [state, setState] = useState<{ info: InvitationInfo | null; error: unknown }>({
    info: null,
    error: null,
  });
  useEffect(() => {
    if (!token) return;
    let live = true;
    requestJson(`/api/v1/invitations/${encodeURIComponent(token)}`, invitationSchema).then(
      (info) => live && setState({ info, error: null }),
      (error: unknown) => live && setState({ info: null, error }),
    );
    return () => {
      live = false;
    };
  }, [token]);
  return state;
}
