/**
 * Settings → Account: my display name, my email (the new address is confirmed by a link before it
 * counts) and my password (the other sessions end; this one stays). Each part saves on its own and
 * says what happened in a live region.
 */
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { errorMessage } from '../api/api-error.ts';
import { changeEmail, changeName, changePassword } from '../session/account-api.ts';
import { useSession } from '../session/use-session.ts';
import { FormError } from '../ui/form-error.tsx';
import { AuthField, MIN_PASSWORD, PasswordField } from './auth-form.tsx';
import './account-settings.css';

/** What this page refuses before asking the server; its message is shown as it is. */
class InputError extends Error {}

type Outcome = { status: string | null; error: string | null; busy: boolean };

/** Runs a change, then shows its message (status) or its error (alert). */
function useChange(): [Outcome, (run: () => Promise<string>) => Promise<boolean>] {
  const [outcome, setOutcome] = useState<Outcome>({ status: null, error: null, busy: false });
  const run = async (change: () => Promise<string>) => {
    setOutcome({ status: null, error: null, busy: true });
    try {
      setOutcome({ status: await change(), error: null, busy: false });
      return true;
    } catch (err) {
      const error = err instanceof InputError ? err.message : errorMessage(err);
      setOutcome({ status: null, error, busy: false });
      return false;
    }
  };
  return [outcome, run];
}

function Part({
  legend,
  outcome,
  action,
  onSubmit,
  children,
}: {
  legend: string;
  outcome: Outcome;
  action: string;
  onSubmit: (e: FormEvent) => void;
  children: ReactNode;
}) {
  return (
    <form className="account-part" onSubmit={onSubmit}>
      <fieldset>
        <legend>{legend}</legend>
        {children}
        <FormError error={outcome.error} />
        {outcome.status && <p role="status">{outcome.status}</p>}
        <div className="dialog-actions">
          <span className="spacer" />
          <button type="submit" disabled={outcome.busy}>
            {action}
          </button>
        </div>
      </fieldset>
    </form>
  );
}

export function AccountSettings() {
  const [{ user }, session] = useSession();
  const [name, setName] = useState(user?.name ?? '');
  const [email, setEmail] = useState('');
  const [emailPassword, setEmailPassword] = useState('');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [nameOutcome, runName] = useChange();
  const [emailOutcome, runEmail] = useChange();
  const [passwordOutcome, runPassword] = useChange();
  const savedName = user?.name;
  useEffect(() => {
    if (savedName !== undefined) setName(savedName);
  }, [savedName]);

  const saveName = (e: FormEvent) => {
    e.preventDefault();
    void runName(async () => {
      const saved = await changeName(session, name.trim());
      return `Your name is now ${saved.name}.`;
    });
  };
  const saveEmail = (e: FormEvent) => {
    e.preventDefault();
    void runEmail(async () => {
      await changeEmail(session, email.trim(), emailPassword);
      const sentTo = email.trim();
      setEmail('');
      setEmailPassword('');
      return `We sent a link to ${sentTo}. Your email changes when you open it (within 24 hours).`;
    });
  };
  const savePassword = (e: FormEvent) => {
    e.preventDefault();
    void runPassword(async () => {
      if (next.length < MIN_PASSWORD)
        throw new InputError(`The new password needs at least ${MIN_PASSWORD} characters.`);
      await changePassword(session, current, next);
      setCurrent('');
      setNext('');
      return 'Password changed. Your other sessions were signed out; this one stays signed in.';
    });
  };

  return (
    <section className="account-settings" aria-labelledby="account-heading">
      <h2 id="account-heading">Account</h2>
      <Part legend="Display name" outcome={nameOutcome} action="Save name" onSubmit={saveName}>
        <AuthField label="Name" autoComplete="name" value={name} onChange={setName} maxLength={120} />
      </Part>
      <Part legend="Email" outcome={emailOutcome} action="Change email" onSubmit={saveEmail}>
        <p className="muted">Now: {user?.email}</p>
        <AuthField label="New email" type="email" autoComplete="email" value={email} onChange={setEmail} />
        <PasswordField label="Current password" value={emailPassword} onChange={setEmailPassword} />
      </Part>
      <Part legend="Password" outcome={passwordOutcome} action="Change password" onSubmit={savePassword}>
        <PasswordField label="Current password" value={current} onChange={setCurrent} />
        <PasswordField label="New password" value={next} onChange={setNext} isNew />
      </Part>
    </section>
  );
}
