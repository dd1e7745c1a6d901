/**
 * The task panel's "Repeat" section: a schedule in words (every weekday at 09:00, monthly on the
 * 1st…) or, as an advanced option, any cron rule; its time zone beside its times; the next five
 * occurrences (previewed by the server), pause/resume and skipping the next one. The rule lives in
 * the task, so it syncs and works offline like any other field; only the preview needs the server.
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
import { cronToPreset, presetText } from './repeat-presets.ts';
import { RepeatSchedule } from './repeat-schedule.tsx';
import { usePreview } from './use-preview.ts';
import './task-repeat.css';

/** The stored rule in words: `Repeats every weekday at 09:00 (Europe/Berlin)`, or its cron. */
function ruleText(rule: Recurrence): string {
  const preset = cronToPreset(rule.cron);
  return preset
    ? `Repeats ${presetText(preset)} (${rule.timeZone})`
    : `Repeats: ${rule.cron} (${rule.timeZone})`;
}

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
  const preset = cronToPreset(cron);
  // The cron field is the advanced option: open from the start only for a rule no preset reads.
  const [advanced, setAdvanced] = useState(() => rule !== null && cronToPreset(rule.cron) === null);

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
    if (cronToPreset(rule.cron) === null) setAdvanced(true);
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
        {rule ? (rule.paused ? 'Paused' : ruleText(rule)) : 'Does not repeat'}
      </p>
      <fieldset className="plain" disabled={readOnly}>
        <RepeatSchedule preset={preset} hasRule={cron.trim() !== ''} timeZone={timeZone} onCron={setCron} />
        <label className="field">
          <span>Repeat time zone</span>
          <TimeZoneSelect value={timeZone} onChange={setTimeZone} />
        </label>
        <details
          className="repeat-advanced"
          open={advanced}
          onToggle={(e) => setAdvanced(e.currentTarget.open)}
        >
          <summary>Advanced: cron expression</summary>
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
        </details>
      </fieldset>
      <FormError error={preview.error} />
      {preview.occurrences.length > 0 && (
        <p id={`${id}-next`} className="occurrences-caption">
          Next occurrences, in {timeZone}
        </p>
      )}
      {preview.occurrences.length > 0 && (
        <ol className="occurrences" aria-labelledby={`${id}-next`}>
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
