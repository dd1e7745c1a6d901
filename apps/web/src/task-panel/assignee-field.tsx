/** Who the task is assigned to, by name: saved on Enter, when focus leaves, or when a name is picked. */
import { useId } from 'react';
import { useWorkspace } from '../workspace-context.ts';
import { FieldNotice } from './field-notice.tsx';
import { type FieldProps, textFieldKeys } from './field-props.ts';

export function AssigneeField({ edits }: FieldProps) {
  const { people } = useWorkspace();
  const listId = useId();
  const names = Object.entries(people).filter(([id]) => id !== 'system');
  return (
    <>
      <label className="field">
        <span>Assignee</span>
        <input
          value={edits.values.assignee}
          onChange={(e) => edits.type('assignee', e.target.value)}
          onBlur={() => edits.commit('assignee')}
          onKeyDown={textFieldKeys(edits, 'assignee')}
          list={listId}
          placeholder="Name"
        />
        <datalist id={listId}>
          {names.map(([id, name]) => (
            <option key={id} value={name} />
          ))}
        </datalist>
      </label>
      <FieldNotice edits={edits} field="assignee" />
    </>
  );
}
