/** The task's deadline: a day, saved when focus leaves the field or on Enter, and an optional time of day. */

import { DeadlineTimeInput } from '../due/deadline-time-input.tsx';
import { FieldNotice } from './field-notice.tsx';
import { type FieldProps, textFieldKeys } from './field-props.ts';

export function DeadlineField({ task, edits }: FieldProps) {
  return (
    <>
      <div className="deadline-field">
        <label className="field">
          <span>Deadline</span>
          <input
            type="date"
            value={edits.values.deadline}
            onChange={(e) => edits.type('deadline', e.target.value)}
            onBlur={() => edits.commit('deadline')}
            onKeyDown={textFieldKeys(edits, 'deadline')}
          />
        </label>
        <DeadlineTimeInput task={task} draftDay={edits.values.deadline} />
      </div>
      <FieldNotice edits={edits} field="deadline" />
    </>
  );
}
