/** Sign in; also where an expired session comes to sign in again (its local edits then sync). */
import { useState } from 'react';
import { Link } from '../router/link.tsx';
import { withNext } from '../router/route.ts';
import { useSession } from '../session/use-session.ts';
import { AuthField, AuthForm, PasswordField, useAuthSubmit } from './auth-form.tsx';
import { AuthLayout } from './auth-layout.tsx';
import { Redirect } from './redirect.tsx';
import { ResendConfirmation } from './resend-confirmation.tsx';

export function SignInPage({ next }: { next: string | null }) {
  const [snapshot, session] = useSession();
  const expired = snapshot.auth === 'expired';
  const [email, setEmail] = useState(snapshot.user?.email ?? '');
  const [password, setPassword] = useState('');
  const form = useAuthSubmit(next, () => session.signIn(email.trim(), password));

  if (snapshot.user && !expired && !form.busy) return <Redirect to={next ?? '/'} />;

  return (
    <AuthLayout title={expired ? 'Sign in again' : 'Sign in'}>
      {expired && (
        <p className="hint">
          Your session has ended. Your changes are kept on this device and sync once you sign in again.
        </p>
      )}
      <AuthForm form={form} action="Sign in" busyAction="Signing in…">
        <AuthField label="Email" type="email" autoComplete="username" value={email} onChange={setEmail} />
        <PasswordField value={password} onChange={setPassword} />
      </AuthForm>
      {form.code === 'email_unverified' && <ResendConfirmation email={email.trim()} />}
      <p className="auth-switch">
        <Link href="/forgot-password">Forgot password?</Link>
      </p>
      <p className="auth-switch">
        New to Taskflow? <Link href={withNext('/signup', next)}>Create an account</Link>
      </p>
    </AuthLayout>
  );
}
