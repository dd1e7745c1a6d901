/**
 * A task in a backlog or sprint list: select box, key, title (opens the task), status, estimate
 * in the project's unit, and a handle. The whole row drags with the pointer; only the handle
 * starts a keyboard drag, so Enter on the title still opens the task (as on the board's cards).
 */
import { type EstimationUnit, type PlannedTask, taskKey, taskWeight } from '@taskflow/model';
import { DragHandle, useSortableItem } from '../dnd/sortable-item.tsx';
import { formatWeight } from './estimates.ts';
import { TaskKeyLabel } from './task-key.tsx';

export type RowContext = {
  projectKey: string;
  unit: EstimationUnit;
  columnName: (columnId: string) => string;
  readOnly: boolean;
  isSelected: (taskId: string) => boolean;
  onSelect: (taskId: string, selected: boolean) => void;
  onOpen: (taskId: string) => void;
};

/** The row's content without interaction; also drawn under the pointer while dragging. */
export function PlanRowBody({ task, row }: { task: PlannedTask; row: RowContext }) {
  const weight = taskWeight(task, row.unit);
  return (
    <>
      <TaskKeyLabel projectKey={row.projectKey} task={task} />
      <span className="plan-title">{task.title}</span>
      <span className="plan-status">{row.columnName(task.columnId)}</span>
      <span className="estimate" title={`Estimate (${row.unit === 'points' ? 'story points' : 'hours'})`}>
        {weight > 0 ? formatWeight(weight, row.unit) : '–'}
      </span>
    </>
  );
}

export function PlanRow({ task, listId, row }: { task: PlannedTask; listId: string; row: RowContext }) {
  const { setNodeRef, isDragging, pointerListeners, style, handle } = useSortableItem({
    id: task.id,
    data: { type: 'task', listId },
    disabled: row.readOnly,
  });
  const key = taskKey(row.projectKey, task).text;
  const weight = taskWeight(task, row.unit);

  return (
    <li
      ref={setNodeRef}
      style={style}
      className={`plan-row${isDragging ? ' is-dragging' : ''}`}
      {...pointerListeners}
    >
      <article className="plan-task" aria-label={task.title}>
        {!row.readOnly && (
          <input
            type="checkbox"
            aria-label={`Select ${key} ${task.title}`}
            checked={row.isSelected(task.id)}
            onChange={(e) => row.onSelect(task.id, e.target.checked)}
          />
        )}
        <TaskKeyLabel projectKey={row.projectKey} task={task} />
        <button type="button" className="plan-open" onClick={() => row.onOpen(task.id)}>
          {task.title}
        </button>
        <span className="plan-status">{row.columnName(task.columnId)}</span>
        <span className="estimate" title={`Estimate (${row.unit === 'points' ? 'story points' : 'hours'})`}>
          {weight > 0 ? formatWeight(weight, row.unit) : '–'}
        </span>
        {!row.readOnly && (
          <DragHandle handle={handle} className="drag-handle plan-handle" label={`Move ${task.title}`} />
        )}
      </article>
    </li>
  );
}
