/**
 * Whether a key press is free for the board's shortcuts: not typed into a field (an input, a text
 * area, a select, anything contenteditable: undo-keys.ts's rule), not from inside a dialog (the
 * task panel, a picker), and not while a modal dialog is open (the palette, a picker, the `?`
 * overlay). The task panel is a non-modal dialog beside the board: with focus on the board, the
 * board's keys still work, as in Linear; with focus in the panel, they are the panel's.
 */
import { isTextEntry } from '../undo/undo-keys.ts';

export function modalOpen(): boolean {
  try {
    return document.querySelector('dialog:modal') !== null;
  } catch {
    // A browser without :modal: any open dialog counts.
    return document.querySelector('dialog[open]') !== null;
  }
}

export function keyIsFree(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.isComposing) return false;
  const target = event.target instanceof Element ? event.target : null;
  if (isTextEntry(target instanceof HTMLElement ? target : null)) return false;
  if (target?.closest('dialog, [role="dialog"], [role="alertdialog"]')) return false;
  return !modalOpen();
}

/** A control that answers Enter itself (a button, a link): Enter there is not "open the task". */
export function answersEnter(event: KeyboardEvent): boolean {
  const target = event.target instanceof Element ? event.target : null;
  return target?.closest('button, a[href], summary, [role="button"], [role="link"]') != null;
}
