/** The task's estimate (points): saved on Enter or when focus leaves it. */
import { LIMITS } from '@taskflow/model';
import { FieldNotice } from './field-notice.tsx';
import { type FieldProps, textFieldKeys } from './field-props.ts';

export function EstimateField({ edits }: FieldProps) {
  return (
    <>
      <label className="field">
        <span>Estimate</span>
        <input
          type="number"
          min={0}
          max={LIMITS.estimate}
          step="any"
          value={edits.values.estimate}
          onChange={(e) => edits.type('estimate', e.target.value)}
          onBlur={() => edits.commit('estimate')}
          onKeyDown={textFieldKeys(edits, 'estimate')}
        />
      </label>
      <FieldNotice edits={edits} field="estimate" />
    </>
  );
}
