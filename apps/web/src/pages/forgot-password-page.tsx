/**
 * `/forgot-password`: asks for the address and says a link is on its way. The server answers the
 * same whether or not an account has the address, so this page cannot tell either.
 */
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../api/api-error.ts';
import { Link } from '../router/link.tsx';
import { askPasswordReset } from '../session/account-api.ts';
import { FormError } from '../ui/form-error.tsx';
import { AuthField } from './auth-form.tsx';
import { AuthLayout } from './auth-layout.tsx';

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setSent(await askPasswordReset(email.trim()));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout title={sent ? 'Check your email' : 'Reset your password'}>
      {sent ? (
        <p role="status">
          {sent} The link works once, for an hour. If nothing comes, check the address and your spam folder.
        </p>
      ) : (
        <form className="auth-form" onSubmit={submit}>
          <p className="hint">We will email you a link to choose a new password.</p>
          <AuthField label="Email" type="email" autoComplete="username" value={email} onChange={setEmail} />
          <FormError error={error} />
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Sending…' : 'Send the link'}
          </button>
        </form>
      )}
      <p className="auth-switch">
        <Link href="/signin">Back to sign in</Link>
      </p>
    </AuthLayout>
  );
}
