/**
 * Moving a card with the keyboard, without dnd-kit's drag lifecycle (issue 13: "a local keyboard
 * move visible in one frame"). dnd-kit re-rendered every sortable card when a drag started and
 * ended, and mounted and unmounted its overlay; here a keyboard move is plain state of the board
 * view: the picked-up card and the target are two props of two cards, and the drop is one render
 * of the columns it changes. Pointer and touch dragging stay with dnd-kit.
 *
 * The keys and what they do are dnd-kit's keyboard sensor's: Space or Enter on a card's handle
 * picks it up, arrows move the target (keyboard-step.ts: Up and Down stay in the column, Left and
 * Right go one column over), Space, Enter or Tab drop it where the announcement said, Escape
 * cancels. Every step is announced with the same words (announcements.ts).
 */
import {
  createContext,
  type KeyboardEvent as ReactKeyboardEvent,
  type Ref,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { flushSync } from 'react-dom';
import { moveMessages, type NameLookup } from './announcements.ts';
import type { BoardLookup } from './board-lookup.ts';
import { entryOf, middleOf, revealTarget } from './keyboard-dom.ts';
import { isStepKey, keyboardStep } from './keyboard-step.ts';

/** A card picked up with the keyboard, and the target the arrows chose (itself at first). */
export type KeyboardMove = { activeId: string; over: string };

const PICK_UP = new Set(['Space', 'Enter']);
const DROP = new Set(['Space', 'Enter', 'Tab']);

type Options = {
  /** The board as it is now (read on each key). */
  lookup(): BoardLookup;
  names: NameLookup;
  announce(message: string): void;
  /** Writes the move of a drop on `overId` (a task or a column end), if it moves anything. */
  drop(activeId: string, overId: string): void;
};

export function useKeyboardMove(options: Options) {
  const [moving, setMoving] = useState<KeyboardMove | null>(null);
  // Keys are handled outside React's render: they read the latest options and move through here.
  const latest = useRef({ options, moving });
  latest.current.options = options;

  const start = useCallback((taskId: string) => {
    if (latest.current.moving) return;
    const next = { activeId: taskId, over: taskId };
    latest.current.moving = next;
    setMoving(next);
    const { announce, names } = latest.current.options;
    announce(moveMessages.pickedUp(names, taskId));
  }, []);

  const active = moving !== null;
  useEffect(() => {
    if (!active) return;
    const finish = () => {
      latest.current.moving = null;
      setMoving(null);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      const now = latest.current.moving;
      if (!now) return;
      const { lookup, names, announce, drop } = latest.current.options;
      const step = isStepKey(event.code);
      if (!step && !DROP.has(event.code) && event.code !== 'Escape') return;
      // No scroll or click from the move's keys; the board's shortcuts are off while moving. Not
      // stopped: listeners further on see the key, marked as handled (as with dnd-kit's sensor).
      event.preventDefault();
      if (isStepKey(event.code)) {
        const board = lookup();
        const target = keyboardStep(board, now.activeId, now.over, event.code, (column) =>
          entryOf(board, column, middleOf(now.activeId)),
        );
        if (target === undefined || target === now.over) return;
        const next = { ...now, over: target };
        latest.current.moving = next;
        // Rendered now (the target's card is kept rendered in its column), so it can be scrolled to.
        flushSync(() => setMoving(next));
        revealTarget(target, board.placeOf(target) === undefined);
        announce(moveMessages.over(names, now.activeId, target));
      } else if (event.code === 'Escape') {
        announce(moveMessages.cancelled(names, now.activeId));
        finish();
      } else {
        // Said before the move is written: positions are those the arrows announced.
        announce(moveMessages.dropped(names, now.activeId, now.over));
        finish();
        drop(now.activeId, now.over);
      }
    };
    const onHidden = () => {
      const now = latest.current.moving;
      if (document.visibilityState !== 'hidden' || !now) return;
      const { names, announce } = latest.current.options;
      announce(moveMessages.cancelled(names, now.activeId));
      finish();
    };
    // Capture on the window: before the board's shortcuts and any other key handler.
    window.addEventListener('keydown', onKeyDown, true);
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      document.removeEventListener('visibilitychange', onHidden);
    };
  }, [active]);

  const context = useMemo(() => ({ start }), [start]);
  return { moving, context };
}

type MoveContext = { start(taskId: string): void };

/** How a card's handle starts a keyboard move (BoardView provides it). */
export const KeyboardMoveContext = createContext<MoveContext | null>(null);

/** The id of the board's hidden instructions, which each handle points to. */
export const MOVE_INSTRUCTIONS_ID = 'board-move-instructions';

/** A card's move handle: Space or Enter picks the card up; named for screen readers. */
export function MoveHandle({
  taskId,
  label,
  lifted,
  handleRef,
  className,
}: {
  taskId: string;
  label: string;
  /** Picked up with the keyboard now. */
  lifted: boolean;
  /** dnd-kit's activator ref (pointer dragging). */
  handleRef: Ref<HTMLButtonElement>;
  className: string;
}) {
  const move = useContext(KeyboardMoveContext);
  const onKeyDown = (event: ReactKeyboardEvent<HTMLButtonElement>) => {
    // defaultPrevented: the same key just dropped a card (the move's own listener saw it first).
    if (!move || !PICK_UP.has(event.code) || event.repeat || event.defaultPrevented) return;
    // No click from this key (Enter clicks on keydown, Space on keyup).
    event.preventDefault();
    move.start(taskId);
  };
  return (
    <button
      type="button"
      ref={handleRef}
      className={className}
      data-move-handle=""
      aria-label={label}
      aria-roledescription="sortable"
      aria-describedby={MOVE_INSTRUCTIONS_ID}
      aria-pressed={lifted || undefined}
      onKeyDown={onKeyDown}
    >
      ⠿
    </button>
  );
}
