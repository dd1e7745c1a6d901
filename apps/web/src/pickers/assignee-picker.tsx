/** Who does the task(s): "Assign to me", "Unassigned", or one of the workspace's people. */
import { useMemo } from 'react';
import { useWorkspace } from '../workspace-context.ts';
import { Avatar, NoAvatar } from './avatar.tsx';
import { actOnTasks } from './edit-tasks.ts';
import { Picker, type PickerOption } from './picker.tsx';
import { assigneeOf, assigneeOptions, ME, NOBODY } from './picker-choices.ts';
import { sharedValue, useTargetTasks } from './use-target-tasks.ts';

export type TaskPickerProps = {
  taskIds: readonly string[];
  /** Opens under it (a card, a field's button); centred without one. */
  anchor?: Element | null;
  onClose: () => void;
};

export function AssigneePicker({ taskIds, anchor, onClose }: TaskPickerProps) {
  const { workspace, editor, people, actorId } = useWorkspace();
  const tasks = useTargetTasks(taskIds);
  const options = useMemo(() => assigneeOptions(people, actorId), [people, actorId]);
  const current = sharedValue(tasks, (t) => t.assignee);
  const chosen = useMemo(
    () => new Set(current === undefined ? [] : [current === null ? NOBODY : current]),
    [current],
  );
  const icon = (option: PickerOption) => {
    if (option.id === NOBODY) return <NoAvatar />;
    const id = option.id === ME ? actorId : option.id;
    return <Avatar name={people[id] ?? id} />;
  };
  return (
    <Picker
      title="Assignee"
      fieldLabel="Search people"
      placeholder="Assign to…"
      options={options}
      icon={icon}
      chosen={chosen}
      anchor={anchor}
      onClose={onClose}
      onPick={(id) =>
        actOnTasks(workspace.doc, editor, taskIds, { kind: 'assign', assignee: assigneeOf(id, actorId) })
      }
    />
  );
}
