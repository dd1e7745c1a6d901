/**
 * The workspace's reminder settings: lead time, escalation delay and default time zone. Everyone
 * sees them; only admins and owners may change them (the server refuses the others with 403, so
 * the fields are disabled for them rather than offered and refused).
 */

import { type FormEvent, useEffect, useState } from 'react';
import { errorMessage } from '../api/api-error.ts';
import { TimeZoneSelect } from '../notifications/time-zone-select.tsx';
import { FormError } from '../ui/form-error.tsx';
import type { ReminderSettings as Settings, WorkspaceAdminApi } from './workspace-admin-api.ts';

/** The server's bound on both delays (a week). */
const MAX_HOURS = 168;

type Draft = { lead: string; escalate: string; timeZone: string };
type Props = { api: WorkspaceAdminApi; canEdit: boolean; reloadKey?: unknown };

function toDraft(s: Settings): Draft {
  return { lead: String(s.reminderLeadHours), escalate: String(s.escalateAfterHours), timeZone: s.timeZone };
}

function hours(value: string): number | null {
  const n = Number(value);
  return value.trim() !== '' && Number.isFinite(n) && n >= 0 && n <= MAX_HOURS ? n : null;
}

type HoursProps = { label: string; value: string; disabled: boolean; onChange: (value: string) => void };

function HoursField({ label, value, disabled, onChange }: HoursProps) {
  return (
    <label className="field">
      <span>{label}</span>
      <input
        type="number"
        min={0}
        max={MAX_HOURS}
        step="any"
        required
        disabled={disabled}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

export function ReminderSettings({ api, canEdit, reloadKey }: Props) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadKey (the session's auth state) reloads a page opened offline.
  useEffect(() => {
    let live = true;
    api
      .settings()
      .then((s) => {
        if (!live) return;
        setDraft(toDraft(s));
        setError(null);
      })
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [api, reloadKey]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    setStatus(null);
    setError(null);
    const reminderLeadHours = hours(draft.lead);
    const escalateAfterHours = hours(draft.escalate);
    if (reminderLeadHours === null || escalateAfterHours === null) {
      setError(`Both delays must be a number of hours from 0 to ${MAX_HOURS}.`);
      return;
    }
    setBusy(true);
    try {
      const s = await api.saveSettings({ reminderLeadHours, escalateAfterHours, timeZone: draft.timeZone });
      setDraft(toDraft(s));
      setStatus('Reminder settings saved.');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-label="Reminders">
      <h2>Reminders</h2>
      {draft === null ? (
        <p className="muted">{error ? 'The reminder settings need the server.' : 'Loading…'}</p>
      ) : (
        <form className="inline-form wrap" onSubmit={save}>
          <HoursField
            label="Reminder lead time (hours)"
            value={draft.lead}
            disabled={!canEdit}
            onChange={(lead) => setDraft({ ...draft, lead })}
          />
          <HoursField
            label="Escalate after (hours)"
            value={draft.escalate}
            disabled={!canEdit}
            onChange={(escalate) => setDraft({ ...draft, escalate })}
          />
          <label className="field">
            <span>Default time zone</span>
            <TimeZoneSelect
              value={draft.timeZone}
              disabled={!canEdit}
              onChange={(timeZone) => setDraft({ ...draft, timeZone })}
            />
          </label>
          {canEdit && (
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Saving…' : 'Save reminder settings'}
            </button>
          )}
        </form>
      )}
      {!canEdit && draft !== null && <p className="muted">Only admins and owners can change these.</p>}
      <FormError error={error} />
      {status && <p role="status">{status}</p>}
    </section>
  );
}
