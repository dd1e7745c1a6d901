/**
 * The columns and the drag and drop around them. Pointer and touch dragging are dnd-kit's; moving
 * with the keyboard is ours (dnd/keyboard-move.tsx: no drag lifecycle re-rendering every card).
 * Both end in one `moveTask` call, drawn first and written right after that frame is painted
 * (dnd/pending-move.ts); nothing is re-ranked on the client beyond the moved task (SPEC M5).
 *
 * A board update costs this component nothing per task: what drag and drop asks about the board
 * (a task's column and position) is indexed on first use during a drag (board-lookup.ts).
 * The keyboard's target is decided from the board, not from rectangles (keyboard-step.ts), so the
 * drop lands where the announcement said.
 */
import {
  type CollisionDetection,
  closestCenter,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  getFirstCollision,
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
import {
  boardAnnouncements,
  type NameLookup,
  screenReaderInstructions,
  spokenBy,
} from '../dnd/announcements.ts';
import { boardLookup } from '../dnd/board-lookup.ts';
import { COLUMN_DROP_PREFIX, columnDropId, dropTargetOn } from '../dnd/drop-target.ts';
import { focusHandle } from '../dnd/keyboard-dom.ts';
import { KeyboardMoveContext, MOVE_INSTRUCTIONS_ID, useKeyboardMove } from '../dnd/keyboard-move.tsx';
import { afterPaint, type PendingMove, withPendingMove } from '../dnd/pending-move.ts';
import { attempt } from '../hooks/use-error-banner.ts';
import { ShortcutLayer } from '../shortcuts/shortcut-layer.tsx';
import { useBoardShortcuts } from '../shortcuts/use-board-shortcuts.ts';
import { personName, useWorkspace } from '../workspace-context.ts';
import { BoardColumn, COLUMN_END } from './board-column.tsx';
import { TaskCardBody } from './task-card.tsx';

type Props = { board: Board; onOpenTask: (id: string) => void };

const NO_MOVES: readonly PendingMove[] = [];

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

export function BoardView({ board: given, onOpenTask }: Props) {
  const { workspace, editor, people } = useWorkspace();
  // A drop is drawn at its target first and written once that frame is painted (pending-move.ts).
  const [pending, setPending] = useState<readonly PendingMove[]>(NO_MOVES);
  const board = useMemo(() => pending.reduce(withPendingMove, given), [given, pending]);
  // The task dragged with the pointer (dnd-kit); keyboard moves are `keyboard.moving` below.
  const [activeId, setActiveId] = useState<string | null>(null);
  // What the live region says, for pointer drags and keyboard moves alike.
  const [message, setMessage] = useState('');
  // Announcements, sensors, collision detection and the keyboard's keys are created once; they
  // read the latest board through this ref.
  const latest = useRef({ board });
  latest.current.board = board;

  const sensors = useSensors(useSensor(MouseSensor, MOUSE_OPTIONS), useSensor(TouchSensor, TOUCH_OPTIONS));

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
  // dnd-kit's own live region and instructions are rendered into a detached node: the board has one
  // live region (below), which pointer drags and keyboard moves both speak through.
  const accessibility = useMemo(
    () => ({
      announcements: spokenBy(boardAnnouncements(lookup), setMessage),
      screenReaderInstructions,
      container: document.createElement('div'),
    }),
    [lookup],
  );

  // Writes a drop: drawn at its target in this render, written once that frame is painted. The
  // pending move goes away in the same render as the document's update brings the card there.
  const drop = useCallback(
    (taskId: string, overId: string, refocus: boolean) => {
      const target = dropTargetOn(boardLookup(latest.current.board), taskId, overId);
      if (!target) return;
      const move: PendingMove = { taskId, ...target };
      setPending((now) => [...now, move]);
      afterPaint(() => {
        // The card was re-created in its new column: a keyboard move keeps the focus on its handle.
        if (refocus) focusHandle(taskId);
        flushSync(() => {
          setPending((now) =>
            now.length === 1 && now[0] === move ? NO_MOVES : now.filter((m) => m !== move),
          );
          attempt(() => moveTask(workspace.doc, editor, taskId, target.columnId, target.index));
        });
      });
    },
    [workspace.doc, editor],
  );
  const keyboard = useKeyboardMove({
    lookup: () => boardLookup(latest.current.board),
    names: lookup,
    announce: setMessage,
    drop: (taskId, overId) => drop(taskId, overId, true),
  });
  const moving = keyboard.moving;

  // Over a column with tasks, aim at its nearest task rather than the column itself
  // (dnd-kit's multi-container recipe), and at the column's end below its last task.
  const collisionDetection = useCallback<CollisionDetection>((args) => {
    if (!args.pointerCoordinates) return [{ id: args.active.id }];
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
  }, []);

  const endDrag = useCallback(() => setActiveId(null), []);
  const onDragStart = useCallback((e: DragStartEvent) => setActiveId(String(e.active.id)), []);
  const onDragEnd = useCallback(
    (e: DragEndEvent) => {
      endDrag();
      if (e.over) drop(String(e.active.id), String(e.over.id), false);
    },
    [drop, endDrag],
  );

  const pinned = useMemo(
    () =>
      activeId || moving
        ? pinnedByColumn(board, [activeId, moving?.activeId ?? null, moving?.over ?? null])
        : null,
    [board, activeId, moving],
  );
  const movingPlace = moving ? boardLookup(board).placeOf(moving.activeId) : undefined;
  const movingColumn = movingPlace ? board.columns[movingPlace.column]?.id : undefined;
  // Where a keyboard move would land: a card (before it, or after it when moving down its own
  // column, as dropTarget places it) or a column's end.
  const over = moving && moving.over !== moving.activeId ? moving.over : null;
  const overEnd = over?.startsWith(COLUMN_DROP_PREFIX) ? over.slice(COLUMN_DROP_PREFIX.length) : undefined;
  const overPlace = over && !overEnd ? boardLookup(board).placeOf(over) : undefined;
  const overColumn = overEnd ?? (overPlace ? board.columns[overPlace.column]?.id : undefined);
  const overAfter =
    !!overPlace &&
    !!movingPlace &&
    overPlace.column === movingPlace.column &&
    overPlace.index > movingPlace.index;
  const active = activeId ? boardLookup(board).task(activeId) : undefined;
  // Keyboard shortcuts (J/K, X, A, L, P, S, D, …): off while a card is dragged, as its keys are the drag's.
  const shortcuts = useBoardShortcuts({ board, dragging: activeId !== null || moving !== null, onOpenTask });
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
      <KeyboardMoveContext.Provider value={keyboard.context}>
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
              lifted={column.id === movingColumn ? (moving?.activeId ?? null) : null}
              target={column.id !== overColumn ? null : overEnd ? COLUMN_END : over}
              targetAfter={column.id === overColumn && overAfter}
            />
          ))}
        </div>
      </KeyboardMoveContext.Provider>
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
      {/* The id keeps dnd-kit's prefix: it is the board's drag and drop live region, as before. */}
      <div
        id="DndLiveRegion-board"
        className="visually-hidden"
        role="status"
        aria-live="assertive"
        aria-atomic="true"
      >
        {message}
      </div>
      <div id={MOVE_INSTRUCTIONS_ID} className="visually-hidden">
        {screenReaderInstructions.draggable}
      </div>
    </DndContext>
  );
}
