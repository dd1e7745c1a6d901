/**
 * One list of the backlog view, a sprint's or the backlog's: its tasks in plan order, sortable,
 * and an end zone below them that takes drops "at the end" (the whole list's place when empty).
 * Long lists render their first tasks and "Show more", as the board's columns do, so a backlog of
 * thousands keeps a DOM the browser can lay out; a drop on the end zone still goes to the real end.
 */
import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import type { PlannedTask } from '@taskflow/model';
import { useMemo, useState } from 'react';
import { columnDropId } from '../dnd/drop-target.ts';
import { PlanRow, type RowContext } from './plan-row.tsx';

const PAGE = 100;

type Props = { listId: string; name: string; tasks: PlannedTask[]; emptyText: string; row: RowContext };

export function PlanList({ listId, name, tasks, emptyText, row }: Props) {
  const { setNodeRef, isOver } = useDroppable({ id: columnDropId(listId), data: { type: 'list' } });
  const [limit, setLimit] = useState(PAGE);
  const visible = useMemo(() => tasks.slice(0, limit), [tasks, limit]);
  const ids = useMemo(() => visible.map((t) => t.id), [visible]);
  const hidden = tasks.length - visible.length;
  return (
    <div className="plan-list">
      <SortableContext id={listId} items={ids} strategy={verticalListSortingStrategy}>
        <ol className="plan-tasks" aria-label={`Tasks in ${name}`}>
          {visible.map((task) => (
            <PlanRow key={task.id} task={task} listId={listId} row={row} />
          ))}
        </ol>
      </SortableContext>
      {hidden > 0 && (
        <button type="button" className="show-more" onClick={() => setLimit((n) => n + PAGE * 5)}>
          Show {Math.min(hidden, PAGE * 5)} more of {hidden} in {name}
        </button>
      )}
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
