/**
 * One workflow column. Its task list is virtualized (@tanstack/react-virtual): only the cards in
 * and near the column's own scrolled view are in the DOM, so a 10,000-task board keeps a DOM the
 * browser lays out at once, and every task stays reachable by scrolling (no "Show more" between a
 * person and the task they just added; issue 13).
 *
 * Drag and drop: dnd-kit knows only rendered cards, so the dragged card and the card a keyboard
 * drag is over (`pinned`) are always rendered, wherever the column is scrolled. A drop on the
 * column's empty space appends (drop-target.ts), whatever is rendered.
 */
import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { defaultRangeExtractor, type Range, useVirtualizer } from '@tanstack/react-virtual';
import type { BoardColumn as Column } from '@taskflow/model';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { columnDropId } from '../dnd/drop-target.ts';
import { personName, useWorkspace } from '../workspace-context.ts';
import { AddTaskForm } from './add-task-form.tsx';
import { ColumnHeader } from './column-header.tsx';
import { TaskCard } from './task-card.tsx';

/** A one-line card with its key, in px; cards are measured once rendered, so this only seeds the scrollbar. */
const ESTIMATE = 54;
/** Matches the gap the stylesheet used between cards. */
const GAP = 8;
/** Cards rendered beyond each edge of the view, so a quick scroll or an arrow key finds them there. */
const OVERSCAN = 6;
/** The first frame before the column is measured: about a screen, so the first paint has cards. */
const INITIAL_RECT = { width: 264, height: 720 };

const NONE: readonly string[] = [];

/** `target` when a keyboard move would land at the column's end. */
export const COLUMN_END = '\u0000end';

type Props = {
  column: Column;
  index: number;
  columnCount: number;
  onOpenTask: (id: string) => void;
  /** Tasks of this column that must stay rendered: the dragged one, the one a keyboard drag is over. */
  pinned?: readonly string[];
  /** The keyboard cursor's task when it is in this column (shortcuts/board-selection.ts): kept rendered. */
  cursor?: string | null;
  /** Tasks marked with X (any column's). */
  marked?: readonly string[];
  /** The task of this column picked up with the keyboard (dnd/keyboard-move.tsx). */
  lifted?: string | null;
  /** Where in this column a keyboard move would land: a task (before it, or after with `targetAfter`) or COLUMN_END. */
  target?: string | null;
  targetAfter?: boolean;
};

export const BoardColumn = memo(function BoardColumn({
  column,
  index,
  columnCount,
  onOpenTask,
  pinned = NONE,
  cursor = null,
  marked = NONE,
  lifted = null,
  target = null,
  targetAfter = false,
}: Props) {
  const { people, readOnly } = useWorkspace();
  const tasks = column.tasks;
  const { setNodeRef, isOver } = useDroppable({ id: columnDropId(column.id), data: { type: 'column' } });
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const bodyRef = useCallback(
    (node: HTMLDivElement | null) => {
      scrollRef.current = node;
      setNodeRef(node);
    },
    [setNodeRef],
  );

  const pinnedIndexes = useMemo(
    () =>
      (cursor === null ? pinned : [...pinned, cursor])
        .map((id) => tasks.findIndex((t) => t.id === id))
        .filter((i) => i >= 0),
    [pinned, cursor, tasks],
  );
  const rangeExtractor = useCallback(
    (range: Range) => {
      const shown = defaultRangeExtractor(range);
      const extra = pinnedIndexes.filter((i) => !shown.includes(i));
      return extra.length === 0 ? shown : [...shown, ...extra].sort((a, b) => a - b);
    },
    [pinnedIndexes],
  );
  const getItemKey = useCallback((i: number) => tasks[i]?.id ?? i, [tasks]);
  const virtualizer = useVirtualizer({
    count: tasks.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATE,
    gap: GAP,
    overscan: OVERSCAN,
    initialRect: INITIAL_RECT,
    getItemKey,
    rangeExtractor,
  });
  const items = virtualizer.getVirtualItems();
  const ids = useMemo(() => items.map((item) => String(item.key)), [items]);

  // A task added here (AddTaskForm appends it) is scrolled into view once the board shows it.
  const [reveal, setReveal] = useState<string | null>(null);
  useEffect(() => {
    if (!reveal) return;
    let at = -1;
    for (let i = tasks.length - 1; i >= 0 && at < 0; i--) if (tasks[i]?.id === reveal) at = i;
    if (at < 0) return;
    setReveal(null);
    virtualizer.scrollToIndex(at, { align: 'end' });
  }, [reveal, tasks, virtualizer]);

  return (
    <section
      className={`column${isOver || target === COLUMN_END ? ' column-over' : ''}`}
      aria-label={column.name}
      data-column-id={column.id}
    >
      <ColumnHeader column={column} index={index} columnCount={columnCount} />
      {/* data-drop-id: how keyboard moves find a column and its rendered cards (dnd/keyboard-dom.ts). */}
      <div ref={bodyRef} className="column-body" data-drop-id={columnDropId(column.id)}>
        <SortableContext id={column.id} items={ids} strategy={verticalListSortingStrategy}>
          <ol
            className="task-list virtual"
            aria-label={`Tasks in ${column.name}`}
            style={{ height: virtualizer.getTotalSize() }}
          >
            {items.map((item) => {
              const task = tasks[item.index];
              if (!task) return null;
              return (
                <TaskCard
                  key={task.id}
                  task={task}
                  assigneeName={personName(people, task.assignee)}
                  onOpen={onOpenTask}
                  readOnly={readOnly}
                  position={item.index}
                  setSize={tasks.length}
                  top={item.start}
                  measure={virtualizer.measureElement}
                  cursor={task.id === cursor}
                  marked={marked.length > 0 && marked.includes(task.id)}
                  lifted={task.id === lifted}
                  dropSide={task.id === target ? (targetAfter ? 'after' : 'before') : null}
                />
              );
            })}
          </ol>
        </SortableContext>
      </div>
      {!readOnly && (
        <AddTaskForm
          projectId={column.projectId}
          columnId={column.id}
          columnName={column.name}
          onAdded={setReveal}
        />
      )}
    </section>
  );
});
