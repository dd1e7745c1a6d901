/** Invite by email with a role; the answer is a single-use link to copy and send. */
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../api/api-error.ts';
import { type CreatedInvitation, ROLE_LABELS, type Role } from '../api/schemas.ts';
import { FormError } from '../ui/form-error.tsx';
import type { MembersApi } from './members-api.ts';

type Props = { api: MembersApi; roles: readonly Role[]; onInvited: () => void };

export function InviteForm({ api, roles, onInvited }: Props) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const [copied, setCopied] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setCopied(false);
    try {
      setCreated(await api.invite(email.trim(), role));
      setEmail('');
      onInvited();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.url);
      setCopied(true);
    } catch {
      setError('Copying is blocked here: select the link and copy it yourself.');
    }
  };

  return (
    <section className="panel" aria-label="Invite people">
      <h2>Invite people</h2>
      <form className="inline-form wrap" onSubmit={submit}>
        <label className="field">
          <span>Email</span>
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label className="field">
          <span>Role</span>
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Inviting…' : 'Create invitation'}
        </button>
      </form>
      <FormError error={error} />
      {created && (
        <div className="invite-link">
          <p>
            Send this link to {created.email}. It works once and expires{' '}
            {new Date(created.expiresAt).toLocaleString()}.
          </p>
          <div className="inline-form">
            <input
              readOnly
              aria-label="Invitation link"
              value={created.url}
              onFocus={(e) => e.currentTarget.select()}
            />
            <button type="button" onClick={copy}>
              {copied ? 'Copied' : 'Copy link'}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
