/**
 * The deadline's optional time of day, beside its day in the task panel, with the zone it is meant
 * in written next to it: a new time is in the person's own zone; an existing one keeps the zone it
 * was set in, so editing the minutes does not quietly move the deadline by hours. Saved on blur or
 * Enter like the other fields; Esc drops what was typed; an empty time makes the deadline day-only.
 */
import { deadlineTimeText, parseDeadlineTime, type Task, updateTask } from '@taskflow/model';
import { useId, useState } from 'react';
import { attempt } from '../hooks/use-error-banner.ts';
import { browserTimeZone } from '../time-zones.ts';
import { useWorkspace } from '../workspace-context.ts';
import './deadline-time-input.css';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function DeadlineTimeInput({ task, draftDay }: { task: Task; draftDay: string }) {
  const { workspace, editor, readOnly } = useWorkspace();
  const stored = parseDeadlineTime(task.deadlineTime ?? null);
  const storedTime = stored?.time ?? '';
  const zone = stored?.timeZone ?? browserTimeZone();
  // What I typed, while it differs from the task; null shows the task's own time.
  const [typed, setTyped] = useState<string | null>(null);
  const value = typed ?? storedTime;
  const hintId = useId();
  const day = task.deadline ?? (DAY.test(draftDay) ? draftDay : null);

  const commit = () => {
    if (typed === null) return;
    if (typed === storedTime || (typed !== '' && day === null)) return;
    const ok = attempt(() =>
      updateTask(workspace.doc, editor, task.id, {
        ...(task.deadline === null && day !== null ? { deadline: day } : {}),
        deadlineTime: typed === '' ? null : deadlineTimeText(typed, zone),
      }),
    );
    if (ok) setTyped(null);
  };

  return (
    <div className="field deadline-time">
      <label htmlFor={`${hintId}-time`}>Time of day</label>
      <span className="deadline-time-row">
        <input
          id={`${hintId}-time`}
          type="time"
          value={value}
          disabled={readOnly}
          aria-describedby={hintId}
          onChange={(e) => setTyped(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              commit();
            } else if (e.key === 'Escape' && typed !== null) {
              e.stopPropagation();
              setTyped(null);
            }
          }}
        />
        <span id={hintId} className="muted">
          {day === null && value !== '' ? 'Set a day first' : value === '' ? 'end of the day' : zone}
        </span>
      </span>
    </div>
  );
}
