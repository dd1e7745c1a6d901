/**
 * What a keyboard move reads from and does to the page: where an arrow enters a neighbouring
 * column (the column's rendered cards decide, so the card keeps its height on screen), and
 * scrolling the card or column end it is now over into view. The DOM is read through
 * `data-drop-id` attributes because a virtualized column renders only some of its cards.
 */
import type { BoardLookup } from './board-lookup.ts';
import { columnDropId } from './drop-target.ts';

export const DROP_ID_ATTRIBUTE = 'data-drop-id';

function dropNode(id: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[${DROP_ID_ATTRIBUTE}="${CSS.escape(id)}"]`);
}

/** The vertical middle of a rendered card (the moved one), in viewport px; 0 when not rendered. */
export function middleOf(taskId: string): number {
  const rect = dropNode(taskId)?.getBoundingClientRect();
  return rect ? rect.top + rect.height / 2 : 0;
}

/**
 * Entering a column sideways: before its first visible card whose middle is at or below the
 * moved card's middle, so the card keeps its height on screen; below every visible card, its
 * end (or, in a long column scrolled above its end, before its last visible card).
 */
export function entryOf(lookup: BoardLookup, column: number, middle: number): string {
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

/** Scrolls the card `target` (a task id) or the column end (a column drop id) into view. */
export function revealTarget(target: string, isColumn: boolean): void {
  const node = dropNode(target);
  if (!node) return;
  if (isColumn) node.scrollTop = node.scrollHeight;
  else node.scrollIntoView({ block: 'nearest' });
}

/** Focuses the move handle of a rendered card (after a drop re-created it in its new column). */
export function focusHandle(taskId: string): void {
  const handle = dropNode(taskId)?.querySelector<HTMLElement>('[data-move-handle]');
  if (handle && document.activeElement !== handle) handle.focus({ preventScroll: true });
}
