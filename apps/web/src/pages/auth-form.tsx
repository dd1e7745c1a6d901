/**
 * What the sign-in and sign-up forms share: a labelled required field, and the submit that runs
 * the session call, then goes on to `next` (or shows why it failed).
 */
import { type FormEvent, type InputHTMLAttributes, useState } from 'react';
import { errorMessage } from '../api/api-error.ts';
import { navigate } from '../router/navigation.ts';

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

/** `check` says what is wrong before anything is sent (null: nothing). */
export function useAuthSubmit(
  next: string | null,
  run: () => Promise<void>,
  check = (): string | null => null,
) {
  const [error, setError] = useState<string | null>(null);
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
    try {
      await run();
      navigate(next ?? '/', { replace: true });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, submit };
}
