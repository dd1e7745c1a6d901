/**
 * An email's unsubscribe link lands here, signed in or not. Opening the page changes nothing (mail
 * scanners open links too); the button does. Preferences stay changeable in Settings.
 */
import { useEffect, useState } from 'react';
import { z } from 'zod';
import { errorMessage } from '../api/api-error.ts';
import { requestJson } from '../api/http.ts';
import { Link } from '../router/link.tsx';
import { FormError } from '../ui/form-error.tsx';
import { AuthLayout } from './auth-layout.tsx';

const KIND_NAMES: Record<string, string> = {
  reminder: 'deadline reminders',
  escalation: 'overdue escalations',
  assigned: 'assignments',
  status_changed: 'status changes',
  comment: 'comments',
  mention: 'mentions',
  system: 'system alerts',
  all: 'all Taskflow email',
};

const previewSchema = z.object({ kind: z.string() });
const doneSchema = z.object({ unsubscribed: z.string() });

export function UnsubscribePage({ token }: { token: string }) {
  const api = `/api/v1/notifications/unsubscribe?${new URLSearchParams({ token })}`;
  const [kind, setKind] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    requestJson(api, previewSchema).then(
      (p) => setKind(p.kind),
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [api]);

  const what = kind === null ? 'these emails' : (KIND_NAMES[kind] ?? kind);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await requestJson(api, doneSchema, { method: 'POST' });
      setDone(true);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout title="Unsubscribe">
      <FormError error={error} />
      {done ? (
        <p role="status">
          You will no longer get {what} by email. You can turn them back on in{' '}
          <Link href="/settings">Settings</Link>.
        </p>
      ) : (
        kind !== null && (
          <>
            <p>Stop getting {what} by email?</p>
            <button type="button" className="primary" disabled={busy} onClick={confirm}>
              Unsubscribe
            </button>
          </>
        )
      )}
    </AuthLayout>
  );
}
