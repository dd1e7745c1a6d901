/** Offered when sign-in waits for a confirmed address: mails a new link (the old one stops working). */
import { useState } from 'react';
import { errorMessage } from '../api/api-error.ts';
import { resendConfirmation } from '../session/account-api.ts';
import { FormError } from '../ui/form-error.tsx';
import './account-settings.css';

export function ResendConfirmation({ email }: { email: string }) {
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      setSent(await resendConfirmation(email));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="resend-confirmation">
      <button type="button" onClick={send} disabled={busy}>
        Send a new confirmation link
      </button>
      {sent && <p role="status">{sent}</p>}
      <FormError error={error} />
    </div>
  );
}
