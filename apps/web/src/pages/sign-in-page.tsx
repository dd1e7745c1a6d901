/** Sign in; also where an expired session comes to sign in again (its local edits then sync). */
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../api/api-error.ts';
import { Link } from '../router/link.tsx';
import { navigate } from '../router/navigation.ts';
import { withNext } from '../router/route.ts';
import { useSession } from '../session/use-session.ts';
import { AuthLayout } from './auth-layout.tsx';
import { Redirect } from './redirect.tsx';

export function SignInPage({ next }: { next: string | null }) {
  const [snapshot, session] = useSession();
  const expired = snapshot.auth === 'expired';
  const [email, setEmail] = useState(snapshot.user?.email ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (snapshot.user && !expired && !busy) return <Redirect to={next ?? '/'} />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.signIn(email.trim(), password);
      navigate(next ?? '/', { replace: true });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout title={expired ? 'Sign in again' : 'Sign in'}>
      {expired && (
        <p className="hint">
          Your session has ended. Your changes are kept on this device and sync once you sign in again.
        </p>
      )}
      <form className="auth-form" onSubmit={submit}>
        <label className="field">
          <span>Email</span>
          <input
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="auth-switch">
        New to Taskflow? <Link href={withNext('/signup', next)}>Create an account</Link>
      </p>
    </AuthLayout>
  );
}
