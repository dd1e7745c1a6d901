/** How urgent the task(s) are, each level with its icon. */
import type { Priority } from '@taskflow/model';
import { useMemo } from 'react';
import { useWorkspace } from '../workspace-context.ts';
import type { TaskPickerProps } from './assignee-picker.tsx';
import { actOnTasks } from './edit-tasks.ts';
import { Picker } from './picker.tsx';
import { priorityOptions } from './picker-choices.ts';
import { PriorityIcon } from './priority-icon.tsx';
import { sharedValue, useTargetTasks } from './use-target-tasks.ts';

const OPTIONS = priorityOptions();

export function PriorityPicker({ taskIds, anchor, onClose }: TaskPickerProps) {
  const { workspace, editor } = useWorkspace();
  const tasks = useTargetTasks(taskIds);
  const current = sharedValue(tasks, (t) => t.priority);
  const chosen = useMemo(() => new Set(current ? [current] : []), [current]);
  return (
    <Picker
      title="Priority"
      fieldLabel="Search priorities"
      placeholder="Set priority…"
      options={OPTIONS}
      icon={(option) => <PriorityIcon priority={option.id as Priority} />}
      chosen={chosen}
      anchor={anchor}
      onClose={onClose}
      onPick={(id) =>
        actOnTasks(workspace.doc, editor, taskIds, { kind: 'priority', priority: id as Priority })
      }
    />
  );
}
