/**
 * "Log time": how long, when it started (blank = ending now), a note, and optionally what remains
 * afterwards (blank = the remaining estimate goes down by what I log, SPEC M23). The same fields,
 * without "set remaining", edit one of my worklogs.
 */
import { addWorklog, editWorklog, LIMITS, type Worklog } from '@taskflow/model';
import { type FormEvent, type ReactNode, useState } from 'react';
import { toLocalInput } from '../history/local-time-input.ts';
import { attempt } from '../hooks/use-error-banner.ts';
import { FormError } from '../ui/form-error.tsx';
import { useWorkspace } from '../workspace-context.ts';
import { formatDuration } from './duration.ts';
import { remainingValue, type WorklogText, worklogValues } from './time-fields.ts';

const EMPTY: WorklogText = { duration: '', startedAt: '', note: '' };

type FieldsProps = {
  text: WorklogText;
  onChange: (next: WorklogText) => void;
  /** A field beside the description (the add form's "Set remaining to"). */
  beside?: ReactNode;
};

function WorklogFields({ text, onChange, beside }: FieldsProps) {
  return (
    <>
      <div className="field-row">
        <label className="field">
          <span>Time spent</span>
          <input
            value={text.duration}
            onChange={(e) => onChange({ ...text, duration: e.target.value })}
            placeholder="e.g. 1h 30m"
            autoComplete="off"
            required
          />
        </label>
        <label className="field">
          <span>Started</span>
          <input
            type="datetime-local"
            step="1"
            value={text.startedAt}
            onChange={(e) => onChange({ ...text, startedAt: e.target.value })}
          />
        </label>
      </div>
      <div className="field-row">
        <label className="field">
          <span>Note</span>
          <input
            value={text.note}
            onChange={(e) => onChange({ ...text, note: e.target.value })}
            maxLength={LIMITS.note}
          />
        </label>
        {beside}
      </div>
    </>
  );
}

export function WorklogForm({ taskId }: { taskId: string }) {
  const { workspace, editor } = useWorkspace();
  const [text, setText] = useState<WorklogText>(EMPTY);
  const [remaining, setRemaining] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const values = worklogValues(text);
    const setTo = remainingValue(remaining);
    if ('error' in values || 'error' in setTo) {
      setError('error' in values ? values.error : 'error' in setTo ? setTo.error : null);
      return;
    }
    const input = {
      ...values,
      ...(setTo.seconds === undefined ? {} : { remainingEstimateSeconds: setTo.seconds }),
    };
    if (attempt(() => void addWorklog(workspace.doc, editor, taskId, input))) {
      setText(EMPTY);
      setRemaining('');
      setError(null);
    }
  };

  return (
    <form className="worklog-form" aria-label="Log time" onSubmit={submit}>
      <h4>Log work</h4>
      <WorklogFields
        text={text}
        onChange={setText}
        beside={
          <label className="field">
            <span>Set remaining to</span>
            <input
              value={remaining}
              onChange={(e) => setRemaining(e.target.value)}
              placeholder="blank: less what I log"
              autoComplete="off"
            />
          </label>
        }
      />
      <FormError error={error} />
      <div className="dialog-actions">
        <span className="spacer" />
        <button type="submit" disabled={!text.duration.trim()}>
          Log time
        </button>
      </div>
    </form>
  );
}

export function EditWorklogForm({ worklog, onDone }: { worklog: Worklog; onDone: () => void }) {
  const { workspace, editor } = useWorkspace();
  const [text, setText] = useState<WorklogText>({
    duration: formatDuration(worklog.seconds),
    startedAt: toLocalInput(new Date(worklog.startedAt)),
    note: worklog.note,
  });
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const values = worklogValues(text);
    if ('error' in values) {
      setError(values.error);
      return;
    }
    // Only what changed: an hour-long worklog shown to the minute keeps its seconds if untouched.
    const patch: { seconds?: number; startedAt?: string; note?: string } = {};
    if (text.duration !== formatDuration(worklog.seconds)) patch.seconds = values.seconds;
    if (values.startedAt && text.startedAt !== toLocalInput(new Date(worklog.startedAt))) {
      patch.startedAt = values.startedAt;
    }
    if (values.note !== worklog.note) patch.note = values.note;
    if (attempt(() => editWorklog(workspace.doc, editor, worklog.id, patch))) onDone();
  };

  return (
    <form className="worklog-form" aria-label="Edit worklog" onSubmit={submit}>
      <WorklogFields text={text} onChange={setText} />
      <FormError error={error} />
      <div className="dialog-actions">
        <span className="spacer" />
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="primary">
          Save worklog
        </button>
      </div>
    </form>
  );
}
