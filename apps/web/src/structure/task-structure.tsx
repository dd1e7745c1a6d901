/**
 * Everything about how a task relates to others, for the task panel (issue 14): its type, its epic
 * (or, for an epic, its tasks), subtasks, checklist and links. Each part saves as it is changed.
 */
import type { Task } from '@taskflow/model';
import { ChecklistSection } from './checklist-section.tsx';
import { EpicField } from './epic-field.tsx';
import { LinksSection } from './links-section.tsx';
import { SubtasksSection } from './subtasks-section.tsx';
import { TypePicker } from './type-picker.tsx';
import './structure.css';

export function TaskStructure({ task }: { task: Task }) {
  return (
    <div className="task-structure">
      <div className="field-row">
        <TypePicker task={task} />
      </div>
      <EpicField task={task} />
      <SubtasksSection task={task} />
      <ChecklistSection task={task} />
      <LinksSection task={task} />
    </div>
  );
}
