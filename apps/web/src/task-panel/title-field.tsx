/** The task's title: saved on Enter or when focus leaves it. */
import { LIMITS } from '@taskflow/model';
import { FieldNotice } from './field-notice.tsx';
import { type FieldProps, textFieldKeys } from './field-props.ts';

export function TitleField({ edits }: FieldProps) {
  return (
    <>
      <label className="field">
        <span>Title</span>
        <input
          className="title-input"
          value={edits.values.title}
          onChange={(e) => edits.type('title', e.target.value)}
          onBlur={() => edits.commit('title')}
          onKeyDown={textFieldKeys(edits, 'title')}
          maxLength={LIMITS.title}
          required
        />
      </label>
      <FieldNotice edits={edits} field="title" />
    </>
  );
}
