/** The task's deadline day: saved when focus leaves the field or on Enter. */

import { FieldNotice } from './field-notice.tsx';
import { type FieldProps, textFieldKeys } from './field-props.ts';

export function DeadlineField({ edits }: FieldProps) {
  return (
    <>
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
      <FieldNotice edits={edits} field="deadline" />
    </>
  );
}
