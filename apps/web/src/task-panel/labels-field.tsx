/** The task's labels, comma-separated: saved on Enter or when focus leaves the field. */

import { FieldNotice } from './field-notice.tsx';
import { type FieldProps, textFieldKeys } from './field-props.ts';

export function LabelsField({ edits }: FieldProps) {
  return (
    <>
      <label className="field">
        <span>Labels</span>
        <input
          value={edits.values.labels}
          onChange={(e) => edits.type('labels', e.target.value)}
          onBlur={() => edits.commit('labels')}
          onKeyDown={textFieldKeys(edits, 'labels')}
          placeholder="bug, frontend"
        />
      </label>
      <FieldNotice edits={edits} field="labels" />
    </>
  );
}
