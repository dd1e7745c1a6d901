/**
 * The card under the keyboard cursor takes focus, so a screen reader says which task is selected,
 * focus is visible, and the column and the board scroll to it. Only when focus is free to move —
 * on nothing, or on another card — never out of a field, the task panel or a modal dialog (a card re-rendered while
 * someone types a new task's title keeps its hands off the field).
 */
import { type RefObject, useEffect } from 'react';
import { modalOpen } from './key-target.ts';

export function useCursorFocus(ref: RefObject<HTMLElement | null>, cursor: boolean): void {
  useEffect(() => {
    const target = ref.current;
    if (!cursor || !target) return;
    const active = document.activeElement;
    const free = !active || active === document.body || active.closest('.task-item') !== null;
    if (free && !modalOpen()) target.focus();
    else target.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [ref, cursor]);
}
