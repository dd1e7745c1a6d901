/**
 * One workflow column. Long columns render their first tasks and a "Show more" button, so a
 * 10,000-task board keeps a DOM the browser can lay out; drops at the end still append.
 */
import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import type { BoardColumn as Column } from '@taskflow/model';
import { memo, useMemo, useState } from 'react';
import { columnDropId } from '../dnd/drop-target.ts';
import { personName, useWorkspace } from '../workspace-context.ts';
import { AddTaskForm } from './add-task-form.tsx';
import { ColumnHeader } from './column-header.tsx';
import { TaskCard } from './task-card.tsx';

const PAGE = 100;

type Props = { column: Column; index: number; columnCount: number; onOpenTask: (id: string) => void };

export const BoardColumn = memo(function BoardColumn({ column, index, columnCount, onOpenTask }: Props) {
  const { people, readOnly } = useWorkspace();
  const [limit, setLimit] = useState(PAGE);
  const { setNodeRef, isOver } = useDroppable({ id: columnDropId(column.id), data: { type: 'column' } });
  const visible = useMemo(() => column.tasks.slice(0, limit), [column.tasks, limit]);
  const ids = useMemo(() => visible.map((t) => t.id), [visible]);
  const hidden = column.tasks.length - visible.length;

  return (
    <section className={`column${isOver ? ' column-over' : ''}`} aria-label={column.name}>
      <ColumnHeader column={column} index={index} columnCount={columnCount} />
      <div ref={setNodeRef} className="column-body">
        <SortableContext id={column.id} items={ids} strategy={verticalListSortingStrategy}>
          <ol className="task-list" aria-label={`Tasks in ${column.name}`}>
            {visible.map((task) => (
              <TaskCard
                key={task.id}
                task={task}
                assigneeName={personName(people, task.assignee)}
                onOpen={onOpenTask}
                readOnly={readOnly}
              />
            ))}
          </ol>
        </SortableContext>
        {hidden > 0 && (
          <button type="button" className="show-more" onClick={() => setLimit((n) => n + PAGE * 5)}>
            Show {Math.min(hidden, PAGE * 5)} more of {hidden} in {column.name}
          </button>
        )}
      </div>
      {!readOnly && (
        <AddTaskForm projectId={column.projectId} columnId={column.id} columnName={column.name} />
      )}
    </section>
  );
});
