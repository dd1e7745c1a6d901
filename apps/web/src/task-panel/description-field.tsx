/** The task's description: saved when focus leaves it or on Ctrl/Cmd+Enter. */
import { LIMITS } from '@taskflow/model';
import { FieldNotice } from './field-notice.tsx';
import { type FieldProps, textFieldKeys } from './field-props.ts';

export function DescriptionField({ edits }: FieldProps) {
  return (
    <>
      <label className="field">
        <span>Description</span>
        <textarea
          value={edits.values.description}
          onChange={(e) => edits.type('description', e.target.value)}
          onBlur={() => edits.commit('description')}
          onKeyDown={textFieldKeys(edits, 'description', true)}
          maxLength={LIMITS.description}
          rows={5}
        />
      </label>
      <FieldNotice edits={edits} field="description" />
    </>
  );
}
