/**
 * The task panel's "Repeat" section: a cron rule and its time zone, the next five occurrences
 * (previewed by the server), pause/resume and skipping the next one. The rule lives in the task,
 * so it syncs and works offline like any other field; only the preview needs the server.
 */

import type { Task } from '@taskflow/model';
import { useEffect, useId, useState } from 'react';
import { attempt } from '../hooks/use-error-banner.ts';
import { fetchTimeZone } from '../notifications/notifications-api.ts';
import { TimeZoneSelect } from '../notifications/time-zone-select.tsx';
import { useSessionObject } from '../session/use-session.ts';
import { browserTimeZone } from '../time-zones.ts';
import { FormError } from '../ui/form-error.tsx';
import { useWorkspace } from '../workspace-context.ts';
import { nextUnskipped, type Recurrence, recurrenceOf, setRecurrence } from './recurrence.ts';
import { usePreview } from './use-preview.ts';

function inZone(iso: string, timeZone: string): string {
  try {
    return new Date(iso).toLocaleString(undefined, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  } catch {
    return new Date(iso).toLocaleString();
  }
}

export function TaskRepeat({ task }: { task: Task }) {
  const { workspace, editor, readOnly } = useWorkspace();
  const session = useSessionObject();
  const rule = recurrenceOf(task);
  const [cron, setCron] = useState(rule?.cron ?? '');
  const [timeZone, setTimeZone] = useState(rule?.timeZone ?? browserTimeZone());
  const preview = usePreview(cron, timeZone);
  const id = useId();

  // No rule yet: default to the zone in the person's settings (their browser's until fetched).
  const hasRule = rule !== null;
  useEffect(() => {
    if (hasRule) return;
    let live = true;
    fetchTimeZone(session)
      .then((tz) => live && tz && setTimeZone(tz))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [session, hasRule]);

  // Another person (or tab) changed the rule: show theirs.
  const ruleKey = rule ? `${rule.cron}\u0000${rule.timeZone}` : '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: `ruleKey` stands for the stored rule's fields.
  useEffect(() => {
    if (!rule) return;
    setCron(rule.cron);
    setTimeZone(rule.timeZone);
  }, [ruleKey]);

  const write = (next: Recurrence | null) =>
    attempt(() => setRecurrence(workspace.doc, editor, task.id, next));
  const dirty = !rule || rule.cron !== cron.trim() || rule.timeZone !== timeZone;
  const canSave = !readOnly && cron.trim() !== '' && preview.error === null && !preview.loading && dirty;
  const skip = rule?.skip ?? [];
  const skipped = new Set(skip.map((s) => new Date(s).getTime()));
  const upcoming = nextUnskipped(preview.occurrences, skip);

  return (
    <section className="repeat" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Repeat</h3>
      <p className="muted" role="status" aria-label="Repeat status">
        {rule ? (rule.paused ? 'Paused' : `Repeats: ${rule.cron} (${rule.timeZone})`) : 'Does not repeat'}
      </p>
      <fieldset className="plain" disabled={readOnly}>
        <div className="field-row">
          <label className="field">
            <span>Cron expression</span>
            <input
              value={cron}
              onChange={(e) => setCron(e.target.value)}
              placeholder="0 9 * * 1-5"
              spellCheck={false}
              autoComplete="off"
            />
          </label>
          <label className="field">
            <span>Repeat time zone</span>
            <TimeZoneSelect value={timeZone} onChange={setTimeZone} />
          </label>
        </div>
      </fieldset>
      <FormError error={preview.error} />
      {preview.occurrences.length > 0 && (
        <ol className="occurrences" aria-label="Next occurrences">
          {preview.occurrences.map((o) => (
            <li key={o} className={skipped.has(new Date(o).getTime()) ? 'skipped' : undefined}>
              <time dateTime={o}>{inZone(o, timeZone)}</time>
              {skipped.has(new Date(o).getTime()) && <span className="muted"> (skipped)</span>}
            </li>
          ))}
        </ol>
      )}
      {!readOnly && (
        <div className="dialog-actions">
          {rule && (
            <>
              <button type="button" onClick={() => write({ ...rule, paused: !rule.paused })}>
                {rule.paused ? 'Resume' : 'Pause'}
              </button>
              <button
                type="button"
                disabled={!upcoming || rule.paused}
                onClick={() => upcoming && write({ ...rule, skip: [...rule.skip, upcoming].slice(-50) })}
              >
                Skip next occurrence
              </button>
              <button type="button" className="danger" onClick={() => write(null)}>
                Stop repeating
              </button>
            </>
          )}
          <span className="spacer" />
          <button
            type="button"
            className="primary"
            disabled={!canSave}
            onClick={() =>
              write({ cron: cron.trim(), timeZone, paused: rule?.paused ?? false, skip: rule?.skip ?? [] })
            }
          >
            Set repeat rule
          </button>
        </div>
      )}
    </section>
  );
}
