/**
 * The keyboard side of the board's drag and drop: dnd-kit asks where an arrow key moves the
 * dragged task; `keyboardStep` decides from the board (keyboard-step.ts), the column's rendered
 * cards decide where in a neighbouring column it enters, and the card or column end it is now
 * over is scrolled into view. The DOM is read through `data-drop-id` attributes because a
 * virtualized column renders only some of its cards.
 */
import type { ClientRect, KeyboardCoordinateGetter } from '@dnd-kit/core';
import type { BoardLookup } from './board-lookup.ts';
import { columnDropId } from './drop-target.ts';
import { isStepKey, keyboardStep } from './keyboard-step.ts';

export const DROP_ID_ATTRIBUTE = 'data-drop-id';

function dropNode(id: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[${DROP_ID_ATTRIBUTE}="${CSS.escape(id)}"]`);
}

/**
 * Entering a column sideways: before its first visible card whose middle is at or below the
 * dragged card's middle, so the card keeps its height on screen; below every visible card, its
 * end (or, in a long column scrolled above its end, before its last visible card).
 */
function entryOf(lookup: BoardLookup, column: number, middle: number): string {
  const columnId = lookup.columnIds[column] ?? '';
  const end = columnDropId(columnId);
  const body = dropNode(end);
  if (!body) return end;
  const view = body.getBoundingClientRect();
  let lastVisible: string | undefined;
  for (const li of body.querySelectorAll<HTMLElement>(`li[${DROP_ID_ATTRIBUTE}]`)) {
    const rect = li.getBoundingClientRect();
    if (rect.bottom <= view.top || rect.top >= view.bottom) continue;
    const id = li.getAttribute(DROP_ID_ATTRIBUTE) ?? '';
    if (rect.top + rect.height / 2 >= middle) return id;
    lastVisible = id;
  }
  if (lastVisible === undefined) return end;
  const place = lookup.placeOf(lastVisible);
  return place && place.index < lookup.size(column) - 1 ? lastVisible : end;
}

/** Where the dragged card is drawn over `target`; the column end is scrolled to first. */
function coordinatesOver(target: string, isColumn: boolean, dragged: ClientRect | null) {
  const node = dropNode(target);
  if (!node) return undefined;
  const height = dragged?.height ?? 0;
  if (!isColumn) {
    node.scrollIntoView({ block: 'nearest' });
    const rect = node.getBoundingClientRect();
    return { x: rect.left, y: rect.top };
  }
  node.scrollTop = node.scrollHeight;
  const body = node.getBoundingClientRect();
  const list = node.firstElementChild?.getBoundingClientRect();
  const below = list ? list.bottom + 8 : body.top;
  return { x: body.left + 8, y: Math.max(body.top, Math.min(below, body.bottom - height)) };
}

export type KeyboardTarget = {
  lookup(): BoardLookup;
  /** The target the previous arrow chose (null right after the pick-up). */
  current(): string | null;
  /** Records the new target and renders it (its card is pinned in its column) before returning. */
  set(target: string): void;
};

export function keyboardCoordinates(state: KeyboardTarget): KeyboardCoordinateGetter {
  return (event, { active, context }) => {
    if (!isStepKey(event.code)) return undefined;
    event.preventDefault();
    const lookup = state.lookup();
    const activeId = String(active);
    const dragged = context.collisionRect;
    const middle = dragged ? dragged.top + dragged.height / 2 : 0;
    const target = keyboardStep(lookup, activeId, state.current() ?? activeId, event.code, (column) =>
      entryOf(lookup, column, middle),
    );
    if (target === undefined) return undefined;
    state.set(target);
    const isColumn = lookup.placeOf(target) === undefined;
    return coordinatesOver(target, isColumn, dragged);
  };
}
