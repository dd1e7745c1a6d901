/** The task's priority, chosen in the priority picker (each level with its icon); saved at once. */
import { useMemo } from 'react';
import { PRIORITY_LABELS } from '../palette/palette-items.ts';
import { PickerField } from '../pickers/picker-field.tsx';
import { PriorityIcon } from '../pickers/priority-icon.tsx';
import { PriorityPicker } from '../pickers/priority-picker.tsx';
import { FieldNotice } from './field-notice.tsx';
import type { FieldProps } from './field-props.ts';

export function PriorityField({ task, edits }: FieldProps) {
  const taskIds = useMemo(() => [task.id], [task.id]);
  return (
    <>
      <PickerField
        label="Priority"
        value={
          <>
            <PriorityIcon priority={task.priority} />
            {PRIORITY_LABELS[task.priority]}
          </>
        }
        picker={(anchor, close) => <PriorityPicker taskIds={taskIds} anchor={anchor} onClose={close} />}
      />
      <FieldNotice edits={edits} field="priority" />
    </>
  );
}
