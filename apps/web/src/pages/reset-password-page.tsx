/**
 * `/reset-password?token=…`, from the reset email: a new password, typed twice. Success ends every
 * session of the account (this device's too), so the page sends the person to sign in.
 */
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../api/api-error.ts';
import { Link } from '../router/link.tsx';
import { resetPassword } from '../session/account-api.ts';
import { FormError } from '../ui/form-error.tsx';
import { MIN_PASSWORD, PasswordField } from './auth-form.tsx';
import { AuthLayout } from './auth-layout.tsx';

export function ResetPasswordPage({ token }: { token: string }) {
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (password.length < MIN_PASSWORD) {
      setError(`The password needs at least ${MIN_PASSWORD} characters.`);
      return;
    }
    if (password !== again) {
      setError('The two passwords are not the same.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await resetPassword(token, password);
      setDone(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <AuthLayout title="Password changed">
        <p role="status">
          Your password is changed, and every device signed in to your account was signed out.
        </p>
        <p className="auth-switch">
          <Link href="/signin">Sign in with the new password</Link>
        </p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Choose a new password">
      <form className="auth-form" onSubmit={submit}>
        <PasswordField label="New password" value={password} onChange={setPassword} isNew />
        <PasswordField label="New password again" value={again} onChange={setAgain} isNew />
        <FormError error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Set the new password'}
        </button>
      </form>
      <p className="auth-switch">
        <Link href="/forgot-password">Ask for a new link</Link>
      </p>
    </AuthLayout>
  );
}
