/**
 * `/verify-email?token=…`, from a confirmation email (a sign-up's or a new address's). Opening the
 * page changes nothing, since mail scanners open links too; the button confirms.
 */
import { useState } from 'react';
import { errorMessage } from '../api/api-error.ts';
import { Link } from '../router/link.tsx';
import { confirmEmail, type Verified } from '../session/account-api.ts';
import { useSession } from '../session/use-session.ts';
import { FormError } from '../ui/form-error.tsx';
import { AuthLayout } from './auth-layout.tsx';

export function VerifyEmailPage({ token }: { token: string }) {
  const [snapshot, session] = useSession();
  const [done, setDone] = useState<Verified | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const verified = await confirmEmail(token);
      if (verified.user) session.setProfile(verified.user);
      setDone(verified);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    const signedIn = snapshot.user !== null && snapshot.user.id === done.user?.id;
    return (
      <AuthLayout title="Email confirmed">
        <p role="status">
          {done.purpose === 'email_change'
            ? `Your account's email is now ${done.user?.email ?? 'the new address'}.`
            : 'Your email address is confirmed.'}
        </p>
        <p className="auth-switch">
          {signedIn ? <Link href="/settings">Back to settings</Link> : <Link href="/signin">Sign in</Link>}
        </p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Confirm your email">
      <p className="hint">Confirm that this address is yours.</p>
      <FormError error={error} />
      <button type="button" className="primary" onClick={confirm} disabled={busy}>
        {busy ? 'Confirming…' : 'Confirm my email'}
      </button>
    </AuthLayout>
  );
}
