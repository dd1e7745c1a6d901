/**
 * Which key presses mean undo or redo on the board. Where a person is typing (an input, a text
 * area, a select, anything contenteditable) the browser's own text undo applies instead, so the
 * board's undo never swallows a keystroke meant for a field.
 */

export type UndoCommand = 'undo' | 'redo';

/** The parts of a KeyboardEvent this reads, so the rule is tested without a DOM. */
export type KeyPress = {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
};

/** Ctrl/Cmd+Z undoes; Ctrl/Cmd+Shift+Z and Ctrl+Y redo; anything else is not ours. */
export function undoCommand(press: KeyPress): UndoCommand | null {
  if (press.altKey || !(press.ctrlKey || press.metaKey)) return null;
  const key = press.key.toLowerCase();
  if (key === 'z') return press.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && press.ctrlKey && !press.shiftKey) return 'redo';
  return null;
}

/** The target's shape as far as this rule cares: its tag and whether it is editable text. */
export type KeyTarget = { tagName?: string; isContentEditable?: boolean; type?: string } | null;

/** Inputs nobody types into: Ctrl+Z on a ticked checkbox (the list view's rows) is the board's undo. */
const NOT_TYPED = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file']);

export function isTextEntry(target: KeyTarget): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName?.toUpperCase();
  if (tag === 'INPUT') return !NOT_TYPED.has((target.type ?? 'text').toLowerCase());
  return tag === 'TEXTAREA' || tag === 'SELECT';
}
