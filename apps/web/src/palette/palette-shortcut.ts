/**
 * The palette's one key: Ctrl+K, or Cmd+K on a Mac. It works everywhere, a text field included
 * (Linear's rule: the palette is how you leave a field without the mouse); nothing else opens it,
 * so typing a `k` in a title never does. Ctrl and Cmd are both accepted on every system: a Mac
 * user on a PC keyboard, or the reverse, still gets it.
 */
export type ShortcutEvent = Pick<
  KeyboardEvent,
  'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'isComposing'
>;

export function isPaletteShortcut(event: ShortcutEvent): boolean {
  if (event.isComposing || event.altKey || event.shiftKey) return false;
  if (event.ctrlKey === event.metaKey) return false;
  return event.key === 'k' || event.key === 'K';
}
