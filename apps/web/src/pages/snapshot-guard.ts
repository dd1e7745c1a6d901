/**
 * The board painted from its snapshot, before the workspace's document is loaded (issue 13): it can
 * be read — scrolled, focused, and a card opened — but nothing can be written to it, since any
 * edit would be made against a document that is not there yet.
 *
 * It used to be `inert` as a whole until the document arrived (0.6 s after the paint on a
 * 10,000-task board). Now only what writes is stopped, here, before any of the board's handlers
 * sees it (native listeners in the capture phase on the board's element: React's handlers, dnd-kit's
 * and the window's shortcuts all listen further along the event's path):
 * - a click on a card's "Open" button is held: it goes to the card's address at once (as the live
 *   board would), and the screen opens the panel when the document is there. The address is the
 *   held action, so it is never lost (it is in the history, and survives a reload) and there is
 *   at most one;
 * - every other click, press, key, drag and text input in the board is stopped, as `inert` did:
 *   dropped, never applied late. Tab, and the keys that scroll, keep their default (they write
 *   nothing); Enter and Space on an "Open" button keep theirs, which is that button's click.
 */
import { useLayoutEffect } from 'react';

/** The card button that opens a task, and the element carrying the task's id (task-card.tsx). */
const OPEN_BUTTON = 'button.task-open';
const TASK_ITEM = '[data-drop-id]';

/** Keys whose default moves focus or scrolls: they keep it (they reach no handler of the board). */
const READING_KEYS = new Set([
  'Tab',
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'PageUp',
  'PageDown',
  'Home',
  'End',
]);

/** Stopped before the board's handlers, default kept (focus on press, a scroll on wheel). */
const STOPPED = [
  'pointerdown',
  'pointerup',
  'mousedown',
  'mouseup',
  'touchstart',
  'touchend',
  'dblclick',
  'auxclick',
  'contextmenu',
  'input',
  'change',
] as const;
/** Stopped, and their default too: a drag, typed text, a form's submission. */
const STOPPED_AND_PREVENTED = ['dragstart', 'beforeinput', 'submit', 'paste', 'drop'] as const;

/** The task a click on a card's "Open" button is for; null for any other click. */
export function openedTaskId(target: EventTarget | null): string | null {
  if (!(target instanceof Element)) return null;
  const button = target.closest(OPEN_BUTTON);
  return button?.closest(TASK_ITEM)?.getAttribute('data-drop-id') ?? null;
}

/**
 * While `active`, guards `element` (the board's container) as above; `open(taskId)` takes a held
 * card opening. Installed before the paint (a layout effect), so the first painted frame is guarded.
 */
export function useSnapshotGuard(
  element: { readonly current: HTMLElement | null },
  active: boolean,
  open: (taskId: string) => void,
): void {
  useLayoutEffect(() => {
    const root = element.current;
    if (!active || !root) return;
    const stop = (event: Event) => event.stopPropagation();
    const stopAndPrevent = (event: Event) => {
      event.stopPropagation();
      event.preventDefault();
    };
    const onClick = (event: MouseEvent) => {
      stopAndPrevent(event);
      const id = openedTaskId(event.target);
      if (id) open(id);
    };
    const onKey = (event: KeyboardEvent) => {
      event.stopPropagation();
      if (READING_KEYS.has(event.key) && !event.ctrlKey && !event.metaKey && !event.altKey) return;
      const activates = event.key === 'Enter' || event.key === ' ';
      if (activates && openedTaskId(event.target) !== null) return;
      event.preventDefault();
    };
    for (const type of STOPPED) root.addEventListener(type, stop, true);
    for (const type of STOPPED_AND_PREVENTED) root.addEventListener(type, stopAndPrevent, true);
    root.addEventListener('click', onClick, true);
    root.addEventListener('keydown', onKey, true);
    root.addEventListener('keyup', stop, true);
    return () => {
      for (const type of STOPPED) root.removeEventListener(type, stop, true);
      for (const type of STOPPED_AND_PREVENTED) root.removeEventListener(type, stopAndPrevent, true);
      root.removeEventListener('click', onClick, true);
      root.removeEventListener('keydown', onKey, true);
      root.removeEventListener('keyup', stop, true);
    };
  }, [element, active, open]);
}
