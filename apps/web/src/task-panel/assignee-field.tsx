/** Who the task is assigned to, chosen in the assignee picker ("Assign to me" first); saved at once. */
import { useMemo } from 'react';
import { AssigneePicker } from '../pickers/assignee-picker.tsx';
import { Avatar, NoAvatar } from '../pickers/avatar.tsx';
import { PickerField } from '../pickers/picker-field.tsx';
import { personName, useWorkspace } from '../workspace-context.ts';
import { FieldNotice } from './field-notice.tsx';
import type { FieldProps } from './field-props.ts';

export function AssigneeField({ task, edits }: FieldProps) {
  const { people } = useWorkspace();
  const taskIds = useMemo(() => [task.id], [task.id]);
  const name = personName(people, task.assignee);
  return (
    <>
      <PickerField
        label="Assignee"
        lead={name ? <Avatar name={name} /> : <NoAvatar />}
        value={name || 'Unassigned'}
        picker={(anchor, close) => <AssigneePicker taskIds={taskIds} anchor={anchor} onClose={close} />}
      />
      <FieldNotice edits={edits} field="assignee" />
    </>
  );
}
