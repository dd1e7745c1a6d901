/**
 * The task's labels, as coloured chips; the labels picker adds and removes them (the workspace's
 * labels, or a new one typed there), each saved at once.
 */
import { useMemo } from 'react';
import { LabelChip } from '../pickers/label-chip.tsx';
import { LabelPicker } from '../pickers/label-picker.tsx';
import { PickerField } from '../pickers/picker-field.tsx';
import { FieldNotice } from './field-notice.tsx';
import type { FieldProps } from './field-props.ts';

export function LabelsField({ task, edits }: FieldProps) {
  const taskIds = useMemo(() => [task.id], [task.id]);
  return (
    <>
      <PickerField
        label="Labels"
        value={
          task.labels.length > 0 ? (
            task.labels.map((label) => <LabelChip key={label} label={label} />)
          ) : (
            <span className="muted">None</span>
          )
        }
        picker={(anchor, close) => <LabelPicker taskIds={taskIds} anchor={anchor} onClose={close} />}
      />
      <FieldNotice edits={edits} field="labels" />
    </>
  );
}
