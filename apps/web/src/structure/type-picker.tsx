/** The task's issue type, as four radio buttons with icons; saved as soon as one is chosen. */
import { TASK_TYPES, type Task, type TaskType, updateTask } from '@taskflow/model';
import { useId } from 'react';
import { attempt } from '../hooks/use-error-banner.ts';
import { useWorkspace } from '../workspace-context.ts';
import { TYPE_LABELS, TypeIcon } from './type-icon.tsx';

export function TypeChoices({
  value,
  onChange,
  disabled,
}: {
  value: TaskType;
  onChange: (type: TaskType) => void;
  disabled?: boolean;
}) {
  const name = useId();
  return (
    <fieldset className="type-picker" disabled={disabled}>
      <legend>Type</legend>
      {TASK_TYPES.map((type) => (
        <label key={type} className="type-choice">
          <input
            type="radio"
            name={name}
            value={type}
            checked={value === type}
            onChange={() => onChange(type)}
          />
          <TypeIcon type={type} />
          {TYPE_LABELS[type]}
        </label>
      ))}
    </fieldset>
  );
}

export function TypePicker({ task }: { task: Task }) {
  const { workspace, editor, readOnly } = useWorkspace();
  return (
    <TypeChoices
      value={task.type}
      disabled={readOnly}
      onChange={(type) => attempt(() => updateTask(workspace.doc, editor, task.id, { type }))}
    />
  );
}
