/**
 * Which rows are selected for a bulk action, as spreadsheets and mail clients do it: a click
 * toggles one row and becomes the anchor; a shift-click sets every row from the anchor to it (in
 * the order shown) to the clicked row's new state; "select all" takes what is shown.
 * Immutable values, so React sees each change.
 */
export type Selection = { readonly ids: ReadonlySet<string>; readonly anchor: string | null };

export const EMPTY_SELECTION: Selection = { ids: new Set(), anchor: null };

export function toggleOne(selection: Selection, id: string): Selection {
  const ids = new Set(selection.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, anchor: id };
}

/** Shift-click on `id`: the rows between the anchor and it (inclusive, in `order`) take its new state. */
export function toggleRange(selection: Selection, id: string, order: readonly string[]): Selection {
  const from = selection.anchor === null ? -1 : order.indexOf(selection.anchor);
  const to = order.indexOf(id);
  if (from === -1 || to === -1) return toggleOne(selection, id);
  const select = !selection.ids.has(id);
  const ids = new Set(selection.ids);
  for (const rowId of order.slice(Math.min(from, to), Math.max(from, to) + 1)) {
    if (select) ids.add(rowId);
    else ids.delete(rowId);
  }
  return { ids, anchor: id };
}

/** All of `shown` selected, or (when they already are) none of them. */
export function toggleAll(selection: Selection, shown: readonly string[]): Selection {
  const all = shown.length > 0 && shown.every((id) => selection.ids.has(id));
  const ids = new Set(selection.ids);
  for (const id of shown) {
    if (all) ids.delete(id);
    else ids.add(id);
  }
  return { ids, anchor: selection.anchor };
}

/** Only the rows that still exist: an archived or moved-away task leaves the selection. */
export function keepShown(selection: Selection, shown: ReadonlySet<string>): Selection {
  if ([...selection.ids].every((id) => shown.has(id))) return selection;
  return { ids: new Set([...selection.ids].filter((id) => shown.has(id))), anchor: selection.anchor };
}

export function headerState(selection: Selection, shown: readonly string[]): 'none' | 'some' | 'all' {
  const count = shown.reduce((n, id) => n + (selection.ids.has(id) ? 1 : 0), 0);
  return count === 0 ? 'none' : count === shown.length ? 'all' : 'some';
}
