/**
 * The columns and the drag and drop around them (dnd-kit). Pointer and keyboard dragging end in one
 * `moveTask` call; nothing is re-ranked on the client beyond the moved task (SPEC M5).
 *
 * A board update costs this component nothing per task: what drag and drop asks about the board
 * (a task's column and position) is indexed on first use during a drag (board-lookup.ts).
 * The keyboard's target is decided from the board, not from rectangles (keyboard-step.ts), and
 * the collision detection reports it as is, so the drop lands where the announcement said.
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
  MouseSensor,
  pointerWithin,
  rectIntersection,
  TouchSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { type Board, moveTask } from '@taskflow/model';
import { useCallback, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { boardAnnouncements, type NameLookup, screenReaderInstructions } from '../dnd/announcements.ts';
import { boardLookup } from '../dnd/board-lookup.ts';
import { COLUMN_DROP_PREFIX, columnDropId, dropTargetOn } from '../dnd/drop-target.ts';
import { keyboardCoordinates } from '../dnd/keyboard-coordinates.ts';
import { attempt } from '../hooks/use-error-banner.ts';
import { ShortcutLayer } from '../shortcuts/shortcut-layer.tsx';
import { useBoardShortcuts } from '../shortcuts/use-board-shortcuts.ts';
import { personName, useWorkspace } from '../workspace-context.ts';
import { BoardColumn } from './board-column.tsx';
import { TaskCardBody } from './task-card.tsx';

type Props = { board: Board; onOpenTask: (id: string) => void };

/**
 * While dragging, the page itself does not scroll under the pointer (the columns and the board's
 * row still do): near the bottom of a column the page scrolled away under a pointer that dnd-kit
 * had not moved, and a drop on a long column's last card landed nowhere.
 */
const AUTO_SCROLL = { canScroll: (element: Element) => element !== document.scrollingElement };

/**
 * Sensor options keep their identity across renders: dnd-kit rebuilds every item's listeners when
 * they change, and each card's memoized face re-rendered on every board render for it.
 */
const MOUSE_OPTIONS = { activationConstraint: { distance: 6 } };
/**
 * A finger picks a card up after a short hold; a quick swipe that starts on a card scrolls the
 * board instead (on a phone a card is nearly a column wide, so a swipe almost always starts on one).
 */
const TOUCH_OPTIONS = { activationConstraint: { delay: 250, tolerance: 5 } };

/** Which tasks each column keeps rendered while dragging: the dragged one and the keyboard's target. */
function pinnedByColumn(board: Board, ids: readonly (string | null)[]): Map<string, string[]> {
  const pinned = new Map<string, string[]>();
  const lookup = boardLookup(board);
  for (const id of ids) {
    if (!id || id.startsWith(COLUMN_DROP_PREFIX)) continue;
    const place = lookup.placeOf(id);
    const columnId = place && lookup.columnIds[place.column];
    if (columnId) pinned.set(columnId, [...(pinned.get(columnId) ?? []), id]);
  }
  return pinned;
}

export function BoardView({ board, onOpenTask }: Props) {
  const { workspace, editor, people } = useWorkspace();
  const [activeId, setActiveId] = useState<string | null>(null);
  const [keyboardOver, setKeyboardOver] = useState<string | null>(null);
  // Announcements, sensors and collision detection are created once; they read the latest board
  // and keyboard target through this ref.
  const latest = useRef({ board, keyboardOver });
  latest.current.board = board;

  const coordinateGetter = useMemo(
    () =>
      keyboardCoordinates({
        lookup: () => boardLookup(latest.current.board),
        current: () => latest.current.keyboardOver,
        set(target) {
          latest.current.keyboardOver = target;
          // Rendered now, so dnd-kit has the target's droppable when it asks for collisions.
          flushSync(() => setKeyboardOver(target));
        },
      }),
    [],
  );
  const keyboardOptions = useMemo(() => ({ coordinateGetter }), [coordinateGetter]);
  const sensors = useSensors(
    useSensor(MouseSensor, MOUSE_OPTIONS),
    useSensor(TouchSensor, TOUCH_OPTIONS),
    useSensor(KeyboardSensor, keyboardOptions),
  );

  const lookup = useMemo<NameLookup>(
    () => ({
      taskTitle: (id) => boardLookup(latest.current.board).task(id)?.title ?? 'task',
      placeOf: (id) => {
        const board = boardLookup(latest.current.board);
        if (id.startsWith(COLUMN_DROP_PREFIX)) {
          const column = board.columnIds.indexOf(id.slice(COLUMN_DROP_PREFIX.length));
          const name = board.columnName(column);
          return name === undefined ? undefined : { column: name, position: null };
        }
        const place = board.placeOf(id);
        const name = place && board.columnName(place.column);
        return place && name !== undefined ? { column: name, position: place.index + 1 } : undefined;
      },
    }),
    [],
  );
  const accessibility = useMemo(
    () => ({ announcements: boardAnnouncements(lookup), screenReaderInstructions }),
    [lookup],
  );

  // Keyboard: the target the arrows chose (the dragged task itself right after the pick-up).
  // Pointer: over a column with tasks, aim at its nearest task rather than the column itself
  // (dnd-kit's multi-container recipe), and at the column's end below its last task.
  // Depends on `keyboardOver` so dnd-kit asks again when an arrow changed it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyboardOver is read through the ref; it is listed to renew the callback.
  const collisionDetection = useCallback<CollisionDetection>(
    (args) => {
      if (!args.pointerCoordinates) return [{ id: latest.current.keyboardOver ?? args.active.id }];
      const pointer = pointerWithin(args);
      const hits = pointer.length > 0 ? pointer : rectIntersection(args);
      const overId = getFirstCollision(hits, 'id');
      if (overId == null) return [];
      const lookup = boardLookup(latest.current.board);
      let target = overId;
      const id = String(overId);
      if (id.startsWith(COLUMN_DROP_PREFIX)) {
        const column = lookup.columnIds.indexOf(id.slice(COLUMN_DROP_PREFIX.length));
        const inColumn = args.droppableContainers.filter(
          (c) => lookup.placeOf(String(c.id))?.column === column,
        );
        target = closestCenter({ ...args, droppableContainers: inColumn })[0]?.id ?? overId;
      }
      // Below the middle of a column's last task is that column's end.
      const place = lookup.placeOf(String(target));
      const rect = args.droppableRects.get(target);
      const columnId = place && lookup.columnIds[place.column];
      if (place && rect && columnId && place.index === lookup.size(place.column) - 1) {
        if (args.pointerCoordinates.y > rect.top + rect.height / 2) return [{ id: columnDropId(columnId) }];
      }
      return [{ id: target }];
    },
    [keyboardOver],
  );

  const endDrag = useCallback(() => {
    latest.current.keyboardOver = null;
    setKeyboardOver(null);
    setActiveId(null);
  }, []);
  const onDragStart = useCallback((e: DragStartEvent) => {
    latest.current.keyboardOver = null;
    setActiveId(String(e.active.id));
  }, []);
  const onDragEnd = useCallback(
    (e: DragEndEvent) => {
      endDrag();
      if (!e.over) return;
      const target = dropTargetOn(boardLookup(latest.current.board), String(e.active.id), String(e.over.id));
      if (!target) return;
      attempt(() => moveTask(workspace.doc, editor, String(e.active.id), target.columnId, target.index));
    },
    [workspace.doc, editor, endDrag],
  );

  const pinned = useMemo(
    () => (activeId ? pinnedByColumn(board, [activeId, keyboardOver]) : null),
    [board, activeId, keyboardOver],
  );
  const active = activeId ? boardLookup(board).task(activeId) : undefined;
  // Keyboard shortcuts (J/K, X, A, L, P, S, D, …): off while a card is dragged, as its keys are the drag's.
  const shortcuts = useBoardShortcuts({ board, dragging: activeId !== null, onOpenTask });
  const { cursor, marked } = shortcuts.selection;
  const cursorPlace = cursor === null ? undefined : boardLookup(board).placeOf(cursor);
  const cursorColumn = cursorPlace ? board.columns[cursorPlace.column]?.id : undefined;

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collisionDetection}
      accessibility={accessibility}
      autoScroll={AUTO_SCROLL}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={endDrag}
    >
      <div className="board">
        {board.columns.map((column, i) => (
          <BoardColumn
            key={column.id}
            column={column}
            index={i}
            columnCount={board.columns.length}
            onOpenTask={onOpenTask}
            pinned={pinned?.get(column.id)}
            cursor={column.id === cursorColumn ? cursor : null}
            marked={marked}
          />
        ))}
      </div>
      {/* No drop animation: it measured the page in the drop's own frame (a forced layout of the
          whole board) and held the moved card's paint back; the card shows at its place at once. */}
      <DragOverlay dropAnimation={null}>
        {active ? (
          <div className="task-card dragging-overlay">
            <TaskCardBody task={active} assigneeName={personName(people, active.assignee)} />
          </div>
        ) : null}
      </DragOverlay>
      <ShortcutLayer shortcuts={shortcuts} />
    </DndContext>
  );
}
