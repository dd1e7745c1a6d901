/**
 * The columns and the drag and drop around them (dnd-kit). Pointer and keyboard dragging end in one
 * `moveTask` call; nothing is re-ranked on the client beyond the moved task (SPEC M5).
 */
import {
  type CollisionDetection,
  closestCenter,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  getFirstCollision,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { type Board, moveTask, type Task } from '@taskflow/model';
import { useCallback, useMemo, useRef, useState } from 'react';
import { boardAnnouncements, type NameLookup, screenReaderInstructions } from '../dnd/announcements.ts';
import { COLUMN_DROP_PREFIX, dropTarget } from '../dnd/drop-target.ts';
import { attempt } from '../hooks/use-error-banner.ts';
import { personName, useWorkspace } from '../workspace-context.ts';
import { BoardColumn } from './board-column.tsx';
import { TaskCardBody } from './task-card.tsx';

type Props = { board: Board; onOpenTask: (id: string) => void };

type Place = { task: Task; column: string; position: number };

function indexBoard(board: Board): Map<string, Place> {
  const places = new Map<string, Place>();
  for (const column of board.columns) {
    column.tasks.forEach((task, i) => {
      places.set(task.id, { task, column: column.name, position: i + 1 });
    });
  }
  return places;
}

export function BoardView({ board, onOpenTask }: Props) {
  const { workspace, editor, people } = useWorkspace();
  const [activeId, setActiveId] = useState<string | null>(null);
  const places = useMemo(() => indexBoard(board), [board]);
  // Announcements and collision detection are created once; they read the latest board through refs.
  const latest = useRef({ board, places });
  latest.current = { board, places };

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const lookup = useMemo<NameLookup>(
    () => ({
      taskTitle: (id) => latest.current.places.get(id)?.task.title ?? 'task',
      placeOf: (id) => {
        if (id.startsWith(COLUMN_DROP_PREFIX)) {
          const columnId = id.slice(COLUMN_DROP_PREFIX.length);
          const column = latest.current.board.columns.find((c) => c.id === columnId);
          return column ? { column: column.name, position: null } : undefined;
        }
        const place = latest.current.places.get(id);
        return place ? { column: place.column, position: place.position } : undefined;
      },
    }),
    [],
  );
  const accessibility = useMemo(
    () => ({ announcements: boardAnnouncements(lookup), screenReaderInstructions }),
    [lookup],
  );

  // Over a column with tasks, aim at its nearest task rather than the column itself (dnd-kit's
  // multi-container recipe); pointerWithin for the mouse, rectIntersection for the keyboard.
  const collisionDetection = useCallback<CollisionDetection>((args) => {
    const pointer = pointerWithin(args);
    const hits = pointer.length > 0 ? pointer : rectIntersection(args);
    const overId = getFirstCollision(hits, 'id');
    if (overId == null) return [];
    const id = String(overId);
    if (!id.startsWith(COLUMN_DROP_PREFIX)) return [{ id: overId }];
    const column = latest.current.board.columns.find((c) => c.id === id.slice(COLUMN_DROP_PREFIX.length));
    const taskIds = new Set(column?.tasks.map((t) => t.id));
    const inColumn = args.droppableContainers.filter((c) => taskIds.has(String(c.id)));
    if (inColumn.length === 0) return [{ id: overId }];
    const nearest = closestCenter({ ...args, droppableContainers: inColumn })[0];
    return nearest ? [nearest] : [{ id: overId }];
  }, []);

  const onDragStart = useCallback((e: DragStartEvent) => setActiveId(String(e.active.id)), []);
  const onDragCancel = useCallback(() => setActiveId(null), []);
  const onDragEnd = useCallback(
    (e: DragEndEvent) => {
      setActiveId(null);
      if (!e.over) return;
      const columns = latest.current.board.columns.map((c) => ({
        id: c.id,
        taskIds: c.tasks.map((t) => t.id),
      }));
      const target = dropTarget(columns, String(e.active.id), String(e.over.id));
      if (!target) return;
      attempt(() => moveTask(workspace.doc, editor, String(e.active.id), target.columnId, target.index));
    },
    [workspace.doc, editor],
  );

  const active = activeId ? places.get(activeId)?.task : undefined;

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collisionDetection}
      accessibility={accessibility}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={onDragCancel}
    >
      <div className="board">
        {board.columns.map((column, i) => (
          <BoardColumn
            key={column.id}
            column={column}
            index={i}
            columnCount={board.columns.length}
            onOpenTask={onOpenTask}
          />
        ))}
      </div>
      <DragOverlay>
        {active ? (
          <div className="task-card dragging-overlay">
            <TaskCardBody task={active} assigneeName={personName(people, active.assignee)} />
          </div>
        ) : null}
      </DragOverlay>
    </DndContext>
  );
}
