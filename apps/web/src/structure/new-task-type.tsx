/** The type of the task a column's add form creates (Task unless chosen; kept for the next one, as Jira does). */
import { TASK_TYPES, type TaskType } from '@taskflow/model';
import { TYPE_LABELS } from './type-icon.tsx';

export function NewTaskType({
  value,
  onChange,
  columnName,
}: {
  value: TaskType;
  onChange: (type: TaskType) => void;
  columnName: string;
}) {
  return (
    <select
      className="new-task-type"
      aria-label={`Issue type for ${columnName}`}
      value={value}
      onChange={(e) => onChange(e.target.value as TaskType)}
    >
      {TASK_TYPES.map((type) => (
        <option key={type} value={type}>
          {TYPE_LABELS[type]}
        </option>
      ))}
    </select>
  );
}
