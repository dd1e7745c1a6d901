/**
 * One list of the backlog view, a sprint's or the backlog's: its tasks in plan order, sortable,
 * and an end zone below them that takes drops "at the end" (the whole list's place when empty).
 */
import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import type { PlannedTask } from '@taskflow/model';
import { useMemo } from 'react';
import { columnDropId } from '../dnd/drop-target.ts';
import { PlanRow, type RowContext } from './plan-row.tsx';

type Props = { listId: string; name: string; tasks: PlannedTask[]; emptyText: string; row: RowContext };

export function PlanList({ listId, name, tasks, emptyText, row }: Props) {
  const { setNodeRef, isOver } = useDroppable({ id: columnDropId(listId), data: { type: 'list' } });
  const ids = useMemo(() => tasks.map((t) => t.id), [tasks]);
  return (
    <div className="plan-list">
      <SortableContext id={listId} items={ids} strategy={verticalListSortingStrategy}>
        <ol className="plan-tasks" aria-label={`Tasks in ${name}`}>
          {tasks.map((task) => (
            <PlanRow key={task.id} task={task} listId={listId} row={row} />
          ))}
        </ol>
      </SortableContext>
      <div
        ref={setNodeRef}
        className={`plan-drop-end${isOver ? ' over' : ''}${tasks.length === 0 ? ' empty' : ''}`}
        aria-hidden="true"
      >
        {tasks.length === 0 ? emptyText : ''}
      </div>
    </div>
  );
}
