/** The task's priority: saved as soon as one is chosen. */

import { FieldNotice } from './field-notice.tsx';
import type { FieldProps } from './field-props.ts';
import { isPriority } from './task-form.ts';

const PRIORITY_LABELS = {
  lowest: 'Lowest',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  highest: 'Highest',
} as const;

export function PriorityField({ edits }: FieldProps) {
  return (
    <>
      <label className="field">
        <span>Priority</span>
        <select
          value={edits.values.priority}
          onChange={(e) => isPriority(e.target.value) && edits.commit('priority', e.target.value)}
        >
          {Object.entries(PRIORITY_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <FieldNotice edits={edits} field="priority" />
    </>
  );
}
