/**
 * The people of a workspace. Everyone sees members and roles and can leave; admins and owners also
 * invite, see and revoke pending invitations, change roles and remove people. The server decides
 * every one of these; the page hides what it would refuse and shows its errors when it does.
 */
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { errorMessage } from '../api/api-error.ts';
import {
  assignableRoles,
  type Invitation,
  isAdmin,
  type Member,
  ROLE_LABELS,
  type Role,
} from '../api/schemas.ts';
import { ActionTable } from '../components/action-table.tsx';
import { navigate } from '../router/navigation.ts';
import { useSession } from '../session/use-session.ts';
import { FormError } from '../ui/form-error.tsx';
import { WorkspaceAdmin } from '../workspace-admin/workspace-admin.tsx';
import { InviteForm } from './invite-form.tsx';
import { formatTime, membersApi } from './members-api.ts';

type Props = { workspaceId: string; myRole: Role | undefined };

export function MembersPage({ workspaceId, myRole }: Props) {
  const [{ user, auth }, session] = useSession();
  const api = useMemo(() => membersApi(session, workspaceId), [session, workspaceId]);
  const [members, setMembers] = useState<Member[] | null>(null);
  const [invitations, setInvitations] = useState<Invitation[]>([]);
  const [error, setError] = useState<string | null>(null);
  const admin = isAdmin(myRole);
  const roles = assignableRoles(myRole);

  const load = useCallback(async () => {
    try {
      setMembers(await api.members());
      setInvitations(admin ? await api.invitations() : []);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [api, admin]);

  // `auth` is here so that a page opened offline loads once the session has a token.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above.
  useEffect(() => {
    void load();
  }, [load, auth]);

  /** Runs one change, then reloads the lists (and my workspaces, in case my own role changed). */
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(errorMessage(err));
    }
    await load();
    await session.refreshWorkspaces().catch(() => undefined);
  };

  // The server refuses to let the last owner go (a workspace always has one): say so up front.
  const soleOwner = (m: Member) =>
    m.role === 'owner' && (members ?? []).filter((x) => x.role === 'owner').length === 1;

  const leave = async () => {
    if (!user) return;
    if (!window.confirm('Leave this workspace? You will need a new invitation to come back.')) return;
    setError(null);
    try {
      await api.remove(user.id);
      await session.refreshWorkspaces().catch(() => undefined);
      navigate('/', { replace: true });
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <main className="main members-page">
      <h1>Members</h1>
      <FormError error={error} />
      {admin && <InviteForm api={api} roles={roles} onInvited={() => void load()} />}
      <section className="panel" aria-label="Members">
        <h2>People in this workspace</h2>
        {members === null ? (
          <p className="muted">{error ? 'The member list needs the server.' : 'Loading…'}</p>
        ) : (
          <ActionTable headings={['Name', 'Email', 'Role', 'Joined']}>
            {members.map((m) => {
              const me = m.userId === user?.id;
              // An admin cannot touch owners; only owners make or unmake owners (server: canAssignRole).
              const canManage = admin && !me && (myRole === 'owner' || m.role !== 'owner');
              return (
                <tr key={m.userId} aria-label={m.name}>
                  <td>
                    {m.name}
                    {me && <span className="muted"> (you)</span>}
                  </td>
                  <td>{m.email}</td>
                  <td>
                    {canManage ? (
                      <select
                        aria-label={`Role of ${m.name}`}
                        value={m.role}
                        onChange={(e) => void act(() => api.changeRole(m.userId, e.target.value as Role))}
                      >
                        {roles.map((r) => (
                          <option key={r} value={r}>
                            {ROLE_LABELS[r]}
                          </option>
                        ))}
                      </select>
                    ) : (
                      ROLE_LABELS[m.role]
                    )}
                  </td>
                  <td>{formatTime(m.joinedAt)}</td>
                  <td>
                    {canManage && (
                      <button
                        type="button"
                        className="danger"
                        aria-label={`Remove ${m.name}`}
                        onClick={() => {
                          if (window.confirm(`Remove ${m.name} from this workspace?`)) {
                            void act(() => api.remove(m.userId));
                          }
                        }}
                      >
                        Remove
                      </button>
                    )}
                    {me && <LeaveButton soleOwner={soleOwner(m)} onLeave={() => void leave()} />}
                  </td>
                </tr>
              );
            })}
          </ActionTable>
        )}
      </section>
      {admin && (
        <section className="panel" aria-label="Pending invitations">
          <h2>Pending invitations</h2>
          {invitations.length === 0 ? (
            <p className="muted">No pending invitations.</p>
          ) : (
            <ul className="invitation-list">
              {invitations.map((inv) => (
                <li key={inv.id}>
                  <span>
                    {inv.email} · {ROLE_LABELS[inv.role]} · expires {formatTime(inv.expiresAt)}
                  </span>
                  <button
                    type="button"
                    aria-label={`Revoke invitation for ${inv.email}`}
                    onClick={() => void act(() => api.revoke(inv.id))}
                  >
                    Revoke
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <WorkspaceAdmin workspaceId={workspaceId} myRole={myRole} />
    </main>
  );
}

/** Leaving, or why the sole owner cannot (the button stays, disabled, with the reason beside it). */
function LeaveButton({ soleOwner, onLeave }: { soleOwner: boolean; onLeave: () => void }) {
  const reasonId = useId();
  if (!soleOwner) {
    return (
      <button type="button" className="danger" onClick={onLeave}>
        Leave workspace
      </button>
    );
  }
  return (
    <>
      <button type="button" className="danger" disabled aria-describedby={reasonId}>
        Leave workspace
      </button>
      <span id={reasonId} className="muted leave-reason">
        You are the only owner: make someone else an owner before you leave.
      </span>
    </>
  );
}
