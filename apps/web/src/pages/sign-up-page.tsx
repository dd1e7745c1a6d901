import { type FormEvent, useState } from 'react';
import { errorMessage } from '../api/api-error.ts';
import { Link } from '../router/link.tsx';
import { navigate } from '../router/navigation.ts';
import { withNext } from '../router/route.ts';
import { useSession } from '../session/use-session.ts';
import { AuthLayout } from './auth-layout.tsx';
import { Redirect } from './redirect.tsx';

const MIN_PASSWORD = 8;

export function SignUpPage({ next }: { next: string | null }) {
  const [snapshot, session] = useSession();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (snapshot.user && snapshot.auth !== 'expired' && !busy) return <Redirect to={next ?? '/'} />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (password.length < MIN_PASSWORD) {
      setError(`The password needs at least ${MIN_PASSWORD} characters.`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await session.signUp(name.trim(), email.trim(), password);
      navigate(next ?? '/', { replace: true });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout title="Create your account">
      <form className="auth-form" onSubmit={submit}>
        <label className="field">
          <span>Name</span>
          <input
            autoComplete="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={120}
            required
          />
        </label>
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
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            minLength={MIN_PASSWORD}
            maxLength={256}
            required
          />
        </label>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating your account…' : 'Create account'}
        </button>
      </form>
      <p className="auth-switch">
        Already have an account? <Link href={withNext('/signin', next)}>Sign in</Link>
      </p>
    </AuthLayout>
  );
}
