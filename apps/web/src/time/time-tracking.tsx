/**
 * The task panel's "Time tracking" section, Jira's way: a bar of time logged against time
 * remaining, the original and remaining estimates (durations like "3h 30m"), my timer, and the
 * worklogs. Story points (`estimate`) stay in the form above; this is time.
 *
 * Everything is read from the document (time spent is the sum of worklogs, the remaining estimate
 * counts down as others log, SPEC M23), so the figures follow other people's work live.
 */
import { type Task, timeSpentOf, timeTracking, updateTask } from '@taskflow/model';
import { type FormEvent, useId, useState } from 'react';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { attempt } from '../hooks/use-error-banner.ts';
import { FormError } from '../ui/form-error.tsx';
import { useWorkspace } from '../workspace-context.ts';
import { formatDuration, progressShares } from './duration.ts';
import { estimateValue } from './time-fields.ts';
import { TimerButton } from './timer-button.tsx';
import { WorklogForm } from './worklog-form.tsx';
import { WorklogList } from './worklog-list.tsx';

export function TimeTracking({ task }: { task: Task }) {
  const { workspace, readOnly } = useWorkspace();
  const spent = useDocQuery(workspace.doc, (d) => timeSpentOf(d, task.id), [task.id]);
  const tracking = timeTracking(task, spent);
  const id = useId();
  return (
    <section className="time-tracking" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Time tracking</h3>
      <TimeBar
        spent={tracking.timeSpentSeconds}
        remaining={tracking.remainingEstimateSeconds}
        original={tracking.originalEstimateSeconds}
      />
      <div className="time-figures">
        <span id={`${id}-spent`}>Time spent</span>
        <output aria-labelledby={`${id}-spent`}>{formatDuration(tracking.timeSpentSeconds)}</output>
        <span id={`${id}-left`}>Time remaining</span>
        <output aria-labelledby={`${id}-left`}>
          {tracking.remainingEstimateSeconds === null
            ? 'Not estimated'
            : formatDuration(tracking.remainingEstimateSeconds)}
        </output>
      </div>
      <EstimatesForm
        taskId={task.id}
        original={tracking.originalEstimateSeconds}
        remaining={tracking.remainingEstimateSeconds}
        readOnly={readOnly}
      />
      {!readOnly && <TimerButton taskId={task.id} />}
      <WorklogList taskId={task.id} />
      {!readOnly && <WorklogForm taskId={task.id} />}
    </section>
  );
}

function TimeBar({
  spent,
  remaining,
  original,
}: {
  spent: number;
  remaining: number | null;
  original: number | null;
}) {
  const shares = progressShares(spent, remaining, original);
  const label =
    remaining === null
      ? `${formatDuration(spent)} logged, not estimated`
      : `${formatDuration(spent)} logged, ${formatDuration(remaining)} remaining`;
  return (
    <div className={`time-bar${shares.over ? ' is-over' : ''}`} role="img" aria-label={label}>
      <span className="time-bar-spent" style={{ width: `${shares.spent * 100}%` }} />
      <span className="time-bar-remaining" style={{ width: `${shares.remaining * 100}%` }} />
    </div>
  );
}

type EstimateField = 'original' | 'remaining';

/**
 * Each field shows the document's value until I type in it; saving writes only the fields I
 * changed, so my save never resets a remaining estimate that others' worklogs counted down.
 */
function EstimatesForm({
  taskId,
  original,
  remaining,
  readOnly,
}: {
  taskId: string;
  original: number | null;
  remaining: number | null;
  readOnly: boolean;
}) {
  const { workspace, editor } = useWorkspace();
  const [drafts, setDrafts] = useState<Record<EstimateField, string | null>>({
    original: null,
    remaining: null,
  });
  const [error, setError] = useState<string | null>(null);
  const shown = (field: EstimateField, value: number | null) =>
    drafts[field] ?? (value === null ? '' : formatDuration(value));
  const dirty = drafts.original !== null || drafts.remaining !== null;

  const save = (e: FormEvent) => {
    e.preventDefault();
    const patch: { originalEstimateSeconds?: number | null; remainingEstimateSeconds?: number | null } = {};
    for (const [field, key, name] of [
      ['original', 'originalEstimateSeconds', 'Original estimate'],
      ['remaining', 'remainingEstimateSeconds', 'Remaining estimate'],
    ] as const) {
      const text = drafts[field];
      if (text === null) continue;
      const value = estimateValue(text, name);
      if ('error' in value) {
        setError(value.error);
        return;
      }
      patch[key] = value.seconds;
    }
    if (attempt(() => updateTask(workspace.doc, editor, taskId, patch))) {
      setDrafts({ original: null, remaining: null });
      setError(null);
    }
  };

  return (
    <form className="estimates-form" aria-label="Time estimates" onSubmit={save}>
      <fieldset className="plain" disabled={readOnly}>
        <div className="field-row">
          <label className="field">
            <span>Original estimate</span>
            <input
              value={shown('original', original)}
              onChange={(e) => setDrafts((d) => ({ ...d, original: e.target.value }))}
              placeholder="e.g. 3h 30m"
              autoComplete="off"
            />
          </label>
          <label className="field">
            <span>Remaining estimate</span>
            <input
              value={shown('remaining', remaining)}
              onChange={(e) => setDrafts((d) => ({ ...d, remaining: e.target.value }))}
              placeholder="e.g. 2h"
              autoComplete="off"
            />
          </label>
        </div>
      </fieldset>
      <FormError error={error} />
      {dirty && (
        <div className="dialog-actions">
          <button
            type="button"
            onClick={() => {
              setDrafts({ original: null, remaining: null });
              setError(null);
            }}
          >
            Cancel
          </button>
          <button type="submit" className="primary">
            Save estimates
          </button>
        </div>
      )}
    </form>
  );
}
