/** Create an account, then sign in with it and go on to `next`. */
import { useEffect, useState } from 'react';
import { Link } from '../router/link.tsx';
import { withNext } from '../router/route.ts';
import { useSession } from '../session/use-session.ts';
import { AuthField, AuthForm, MIN_PASSWORD, PasswordField, useAuthSubmit } from './auth-form.tsx';
import { AuthLayout } from './auth-layout.tsx';
import { inviteToken, useInvitation } from './invitation-lookup.ts';
import { Redirect } from './redirect.tsx';

export function SignUpPage({ next }: { next: string | null }) {
  const [snapshot, session] = useSession();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // Coming from an invitation: its address is the one that can accept it, so it is filled in
  // (unless the person already typed one).
  const { info: invitation } = useInvitation(inviteToken(next));
  useEffect(() => {
    if (invitation) setEmail((typed) => typed || invitation.email);
  }, [invitation]);
  const [mustConfirm, setMustConfirm] = useState(false);
  const form = useAuthSubmit(
    next,
    async () => {
      if ((await session.signUp(name.trim(), email.trim(), password)) === 'signed-in') return;
      setMustConfirm(true);
      return 'stay';
    },
    () => (password.length < MIN_PASSWORD ? `The password needs at least ${MIN_PASSWORD} characters.` : null),
  );

  if (snapshot.user && snapshot.auth !== 'expired' && !form.busy) return <Redirect to={next ?? '/'} />;
  if (mustConfirm) {
    return (
      <AuthLayout title="Check your email">
        <p role="status">
          We sent a link to <strong>{email.trim()}</strong>. Open it to confirm your address, then sign in.
        </p>
        <p className="auth-switch">
          <Link href={withNext('/signin', next)}>Sign in</Link>
        </p>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Create your account">
      {invitation && (
        <p className="hint">
          To join <strong>{invitation.workspaceName}</strong>, sign up with{' '}
          <strong>{invitation.email}</strong>, the address the invitation was sent to.
        </p>
      )}
      <AuthForm form={form} action="Create account" busyAction="Creating your account…">
        <AuthField label="Name" autoComplete="name" value={name} onChange={setName} maxLength={120} />
        <AuthField label="Email" type="email" autoComplete="username" value={email} onChange={setEmail} />
        <PasswordField value={password} onChange={setPassword} isNew />
      </AuthForm>
      <p className="auth-switch">
        Already have an account? <Link href={withNext('/signin', next)}>Sign in</Link>
      </p>
    </AuthLayout>
  );
}
