/**
 * An invitation link. Signed out, it asks to sign in or sign up and comes back here; signed in,
 * one click accepts it and shows the workspace and role.
 */
import { useState } from 'react';
import { ApiError, errorMessage } from '../api/api-error.ts';
import { acceptResponseSchema, ROLE_LABELS, type WorkspaceSummary } from '../api/schemas.ts';
import { Link } from '../router/link.tsx';
import { navigate } from '../router/navigation.ts';
import { boardPath, withNext } from '../router/route.ts';
import { useSession } from '../session/use-session.ts';
import { FormError } from '../ui/form-error.tsx';
import { AuthLayout } from './auth-layout.tsx';
import { type InvitationInfo, useInvitation } from './invitation-lookup.ts';

function explain(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 410) return 'This invitation was already used or has expired. Ask for a new one.';
    if (error.status === 403) {
      return 'This invitation was sent to another email address. Sign in with that address to accept it.';
    }
    if (error.status === 404) return 'This invitation does not exist. Check the link or ask for a new one.';
  }
  return errorMessage(error);
}

export function InvitePage({ token }: { token: string }) {
  const [snapshot, session] = useSession();
  const [joined, setJoined] = useState<WorkspaceSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const here = `/invite/${encodeURIComponent(token)}`;
  const { user } = snapshot;
  const invitation = useInvitation(token);
  const about = <InvitationSummary info={invitation.info} error={invitation.error} />;

  if (!user || snapshot.auth === 'expired') {
    return (
      <AuthLayout
        title={invitation.info ? `Join ${invitation.info.workspaceName}` : 'You are invited to a workspace'}
      >
        {about}
        <p>Sign in or create an account to accept the invitation. You will come back here afterwards.</p>
        <div className="auth-actions">
          <Link className="button primary" href={withNext('/signup', here)}>
            Create an account
          </Link>
          <Link className="button" href={withNext('/signin', here)}>
            Sign in
          </Link>
        </div>
      </AuthLayout>
    );
  }

  const accept = async () => {
    setBusy(true);
    setError(null);
    try {
      const { workspace } = await session.api(
        `/api/v1/invitations/${encodeURIComponent(token)}/accept`,
        acceptResponseSchema,
        { method: 'POST' },
      );
      setJoined(workspace);
      await session.refreshWorkspaces().catch(() => undefined);
    } catch (err) {
      setError(explain(err));
    } finally {
      setBusy(false);
    }
  };

  if (joined) {
    return (
      <AuthLayout title={`You joined ${joined.name}`}>
        <p role="status">
          You are now a member of <strong>{joined.name}</strong> with the role{' '}
          <strong>{ROLE_LABELS[joined.role]}</strong>.
        </p>
        <button type="button" className="primary" onClick={() => navigate(boardPath(joined.id))}>
          Open the board
        </button>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Accept the invitation">
      {about}
      <p>
        You are signed in as <strong>{user.name}</strong> ({user.email}).
      </p>
      <FormError error={error} />
      <div className="auth-actions">
        <button type="button" className="primary" disabled={busy} onClick={accept}>
          {busy ? 'Accepting…' : 'Accept invitation'}
        </button>
        <Link className="button" href="/">
          Not now
        </Link>
      </div>
    </AuthLayout>
  );
}

/** Which workspace, who invited, which address: the invitee decides with this before signing up. */
function InvitationSummary({ info, error }: { info: InvitationInfo | null; error: unknown }) {
  if (error) return <p className="hint">{explain(error)}</p>;
  if (!info) return <p className="muted">Looking up the invitation…</p>;
  return (
    <p className="invitation-summary">
      {info.inviterName ? <strong>{info.inviterName}</strong> : 'Someone'} invited{' '}
      <strong>{info.email}</strong> to the workspace <strong>{info.workspaceName}</strong> as{' '}
      {ROLE_LABELS[info.role].toLowerCase()}.
    </p>
  );
}
