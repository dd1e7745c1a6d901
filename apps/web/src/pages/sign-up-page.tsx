/** Create an account, then sign in with it and go on to `next`. */
import { useState } from 'react';
import { FormError } from '../components/form-error.tsx';
import { Link } from '../router/link.tsx';
import { withNext } from '../router/route.ts';
import { useSession } from '../session/use-session.ts';
import { AuthField, useAuthSubmit } from './auth-form.tsx';
import { AuthLayout } from './auth-layout.tsx';
import { Redirect } from './redirect.tsx';

const MIN_PASSWORD = 8;

export function SignUpPage({ next }: { next: string | null }) {
  const [snapshot, session] = useSession();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error, busy, submit } = useAuthSubmit(
    next,
    () => session.signUp(name.trim(), email.trim(), password),
    () => (password.length < MIN_PASSWORD ? `The password needs at least ${MIN_PASSWORD} characters.` : null),
  );

  if (snapshot.user && snapshot.auth !== 'expired' && !busy) return <Redirect to={next ?? '/'} />;

  return (
    <AuthLayout title="Create your account">
      <form className="auth-form" onSubmit={submit}>
        <AuthField label="Name" autoComplete="name" value={name} onChange={setName} maxLength={120} />
        <AuthField label="Email" type="email" autoComplete="username" value={email} onChange={setEmail} />
        <AuthField
          label="Password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          minLength={MIN_PASSWORD}
          maxLength={256}
        />
        <FormError error={error} />
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
