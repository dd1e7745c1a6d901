/**
 * What the sign-in and sign-up forms share: the form with its error line and submit button,
 * labelled required fields, and the submit that runs the session call, then goes on to `next`
 * (or shows why it failed).
 */
import { type FormEvent, type InputHTMLAttributes, type ReactNode, useState } from 'react';
import { ApiError, errorMessage } from '../api/api-error.ts';
import { navigate } from '../router/navigation.ts';
import { FormError } from '../ui/form-error.tsx';

/** The server's rule for a new password; sign-up says so before sending. */
export const MIN_PASSWORD = 8;

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  label: string;
  value: string;
  onChange: (value: string) => void;
};

export function AuthField({ label, onChange, ...input }: FieldProps) {
  return (
    <label className="field">
      <span>{label}</span>
      <input {...input} onChange={(e) => onChange(e.target.value)} required />
    </label>
  );
}

/** A new password (sign-up) has bounds and is saved as new by password managers; a current one is filled in. */
export function PasswordField({
  value,
  onChange,
  isNew = false,
  label = 'Password',
}: Pick<FieldProps, 'value' | 'onChange'> & { isNew?: boolean; label?: string }) {
  const bounds = isNew ? { minLength: MIN_PASSWORD, maxLength: 256 } : {};
  return (
    <AuthField
      label={label}
      type="password"
      autoComplete={isNew ? 'new-password' : 'current-password'}
      value={value}
      onChange={onChange}
      {...bounds}
    />
  );
}

export type AuthSubmit = {
  error: string | null;
  /** The server's error code of the last failure (`email_unverified` offers a new link). */
  code: string | null;
  busy: boolean;
  submit: (e: FormEvent) => Promise<void>;
};

/** `check` says what is wrong before anything is sent (null: nothing); `run` answering `stay` keeps the page. */
export function useAuthSubmit(
  next: string | null,
  run: () => Promise<unknown>,
  check = (): string | null => null,
): AuthSubmit {
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const wrong = check();
    if (wrong) {
      setError(wrong);
      return;
    }
    setBusy(true);
    setError(null);
    setCode(null);
    try {
      if ((await run()) !== 'stay') navigate(next ?? '/', { replace: true });
    } catch (err) {
      setError(errorMessage(err));
      setCode(err instanceof ApiError ? err.code : null);
    } finally {
      setBusy(false);
    }
  };
  return { error, code, busy, submit };
}

type FormProps = { form: AuthSubmit; action: string; busyAction: string; children: ReactNode };

export function AuthForm({ form, action, busyAction, children }: FormProps) {
  return (
    <form className="auth-form" onSubmit={form.submit}>
      {children}
      <FormError error={form.error} />
      <button type="submit" className="primary" disabled={form.busy}>
        {form.busy ? busyAction : action}
      </button>
    </form>
  );
}
