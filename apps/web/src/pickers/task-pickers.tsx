/** The pickers by name, for whoever opens one (the board's shortcuts, the task panel's fields). */
import { AssigneePicker, type TaskPickerProps } from './assignee-picker.tsx';
import { DuePicker } from './due-picker.tsx';
import { LabelPicker } from './label-picker.tsx';
import { PriorityPicker } from './priority-picker.tsx';
import { StatusPicker } from './status-picker.tsx';

export type PickerKind = 'assignee' | 'labels' | 'priority' | 'status' | 'due';

export function TaskPicker({ kind, ...props }: TaskPickerProps & { kind: PickerKind }) {
  switch (kind) {
    case 'assignee':
      return <AssigneePicker {...props} />;
    case 'labels':
      return <LabelPicker {...props} />;
    case 'priority':
      return <PriorityPicker {...props} />;
    case 'status':
      return <StatusPicker {...props} />;
    case 'due':
      return <DuePicker {...props} />;
  }
}
