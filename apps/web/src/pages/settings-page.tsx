/**
 * `/settings`: how the app looks on this device, my time zone (reminders and repeat rules use it)
 * and which notifications I get by email; a way back to the board, and the sync state.
 */

import { type FormEvent, useEffect, useState } from 'react';
import { errorMessage } from '../api/api-error.ts';
import { AppShell } from '../components/app-shell.tsx';
import { DeviceSyncStatus } from '../components/device-sync-status.tsx';
import {
  EMAIL_MODES,
  type EmailMode,
  type EmailPrefs,
  fetchEmailPrefs,
  fetchTimeZone,
  saveEmailPrefs,
  saveTimeZone,
} from '../notifications/notifications-api.ts';
import { TimeZoneSelect } from '../notifications/time-zone-select.tsx';
import { Link } from '../router/link.tsx';
import { boardPath } from '../router/route.ts';
import { useSession } from '../session/use-session.ts';
import { ThemeSwitch } from '../theme/theme-switch.tsx';
import { browserTimeZone } from '../time-zones.ts';
import { AccountSettings } from './account-settings.tsx';

/** Invitations go to an address and the digest is itself the batch: the server fixes both. */
const KIND_LABELS: Record<string, string> = {
  assigned: 'A task is assigned to me',
  status_changed: 'Status changes on tasks I created or watch',
  comment: 'Comments on tasks I created or watch',
  mention: 'Someone mentions me',
  reminder: 'Deadline reminders',
  escalation: 'Overdue escalations',
  system: 'System alerts',
};

const MODE_LABELS: Record<EmailMode, string> = {
  off: 'Off',
  immediate: 'Immediately',
  digest: 'Daily digest',
};

export function SettingsPage() {
  const [{ user, workspaces, lastWorkspaceId }, session] = useSession();
  const back = workspaces.find((w) => w.id === lastWorkspaceId) ?? workspaces[0];
  const [timeZone, setTimeZone] = useState(browserTimeZone());
  const [prefs, setPrefs] = useState<EmailPrefs | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    fetchTimeZone(session)
      .then((tz) => live && tz && setTimeZone(tz))
      .catch(() => undefined);
    fetchEmailPrefs(session)
      .then((p) => live && setPrefs(p))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [session]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    setError(null);
    try {
      await saveTimeZone(session, timeZone);
      if (prefs) await saveEmailPrefs(session, prefs);
      setStatus('Settings saved.');
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const kinds = Object.keys(KIND_LABELS);
  return (
    <AppShell
      workspaceId={null}
      switcher={null}
      status={user ? <DeviceSyncStatus userId={user.id} /> : undefined}
    >
      <main className="settings-page">
        <Link className="back-link" href={back ? boardPath(back.id) : '/'}>
          ← Back to {back ? back.name : 'your workspaces'}
        </Link>
        <h1>Settings</h1>
        <ThemeSwitch />
        <form onSubmit={save}>
          <label className="field">
            <span>Time zone</span>
            <TimeZoneSelect value={timeZone} onChange={setTimeZone} />
          </label>
          <fieldset className="email-prefs">
            <legend>Email notifications</legend>
            {prefs === null && !error && <p className="muted">Loading…</p>}
            {prefs &&
              kinds.map((kind) => (
                <label key={kind} className="field pref-row">
                  <span>{KIND_LABELS[kind]}</span>
                  <select
                    value={prefs[kind] ?? 'immediate'}
                    onChange={(e) => setPrefs({ ...prefs, [kind]: e.target.value as EmailMode })}
                  >
                    {EMAIL_MODES.map((m) => (
                      <option key={m} value={m}>
                        {MODE_LABELS[m]}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
          </fieldset>
          {error && <p role="alert">{error}</p>}
          {status && <p role="status">{status}</p>}
          <div className="dialog-actions">
            <span className="spacer" />
            <button type="submit" className="primary">
              Save settings
            </button>
          </div>
        </form>
        <AccountSettings />
      </main>
    </AppShell>
  );
}
