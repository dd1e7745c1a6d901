/**
 * Every keyboard shortcut of the board, in one table (Linear's set is the model): the `?` overlay
 * prints it and the board's key handler matches presses against it, so the overlay cannot list a
 * key that does nothing or miss one that does. The few chords other modules handle (Ctrl/Cmd+K
 * opens the palette anywhere, Ctrl/Cmd+Z is the undo module's) are listed here with `by`, so the
 * overlay shows them and the board's handler leaves them alone.
 *
 * Single letters, as Linear has them: they never fire while typing in a field or while a dialog
 * is open (shortcut-target.ts). L is labels, so moving across columns is ←/→ only.
 */

export type ShortcutAction =
  | 'down'
  | 'up'
  | 'left'
  | 'right'
  | 'open'
  | 'toggle'
  | 'clear'
  | 'create'
  | 'assignee'
  | 'labels'
  | 'priority'
  | 'status'
  | 'due'
  | 'undo'
  | 'redo'
  | 'help'
  | 'palette';

/** A key with its modifiers. `mod` is Ctrl, or Cmd on a Mac (either is accepted everywhere). */
export type Chord = {
  key: string;
  shift?: boolean;
  mod?: boolean;
  /** Handled by another module (its own listener); the board's handler ignores it. */
  by?: 'palette' | 'undo';
};

export type Shortcut = {
  action: ShortcutAction;
  chords: readonly Chord[];
  description: string;
  group: ShortcutGroup;
  /** Changes the workspace: off for viewers. */
  edits?: boolean;
  /** Held down, it repeats (moving through a column); others fire once per press. */
  repeats?: boolean;
};

export const SHORTCUT_GROUPS = ['Move around', 'Act on the selected tasks', 'Anywhere'] as const;
export type ShortcutGroup = (typeof SHORTCUT_GROUPS)[number];

export const SHORTCUTS: readonly Shortcut[] = [
  {
    action: 'down',
    chords: [{ key: 'j' }, { key: 'ArrowDown' }],
    description: 'Select the next task in the column',
    group: 'Move around',
    repeats: true,
  },
  {
    action: 'up',
    chords: [{ key: 'k' }, { key: 'ArrowUp' }],
    description: 'Select the previous task in the column',
    group: 'Move around',
    repeats: true,
  },
  {
    action: 'left',
    chords: [{ key: 'ArrowLeft' }],
    description: 'Select a task in the column to the left',
    group: 'Move around',
    repeats: true,
  },
  {
    action: 'right',
    chords: [{ key: 'ArrowRight' }],
    description: 'Select a task in the column to the right',
    group: 'Move around',
    repeats: true,
  },
  { action: 'open', chords: [{ key: 'Enter' }], description: 'Open the selected task', group: 'Move around' },
  {
    action: 'toggle',
    chords: [{ key: 'x' }],
    description: 'Add the selected task to the selection, or take it out',
    group: 'Move around',
  },
  { action: 'clear', chords: [{ key: 'Escape' }], description: 'Clear the selection', group: 'Move around' },
  {
    action: 'create',
    chords: [{ key: 'c' }],
    description: 'Create a task in the selected task’s column',
    group: 'Act on the selected tasks',
    edits: true,
  },
  {
    action: 'assignee',
    chords: [{ key: 'a' }],
    description: 'Assign',
    group: 'Act on the selected tasks',
    edits: true,
  },
  {
    action: 'labels',
    chords: [{ key: 'l' }],
    description: 'Labels',
    group: 'Act on the selected tasks',
    edits: true,
  },
  {
    action: 'priority',
    chords: [{ key: 'p' }],
    description: 'Priority',
    group: 'Act on the selected tasks',
    edits: true,
  },
  {
    action: 'status',
    chords: [{ key: 's' }],
    description: 'Status: move to a column',
    group: 'Act on the selected tasks',
    edits: true,
  },
  {
    action: 'due',
    chords: [{ key: 'd' }],
    description: 'Due date',
    group: 'Act on the selected tasks',
    edits: true,
  },
  {
    action: 'undo',
    chords: [{ key: 'z' }, { key: 'z', mod: true, by: 'undo' }],
    description: 'Undo your last change',
    group: 'Act on the selected tasks',
    edits: true,
  },
  {
    action: 'redo',
    chords: [
      { key: 'z', shift: true },
      { key: 'z', shift: true, mod: true, by: 'undo' },
    ],
    description: 'Redo',
    group: 'Act on the selected tasks',
    edits: true,
  },
  { action: 'help', chords: [{ key: '?' }], description: 'Show these shortcuts', group: 'Anywhere' },
  {
    action: 'palette',
    chords: [{ key: 'k', mod: true, by: 'palette' }],
    description: 'Open the command palette',
    group: 'Anywhere',
  },
];

/** The parts of a KeyboardEvent matching reads, so the rule is tested without a DOM. */
export type Press = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

const isLetter = (key: string) => /^[a-z]$/i.test(key);

export function chordMatches(chord: Chord, press: Press): boolean {
  if (press.altKey) return false;
  const mod = press.ctrlKey || press.metaKey;
  if (mod !== Boolean(chord.mod)) return false;
  if (isLetter(chord.key)) {
    return press.key.toLowerCase() === chord.key && press.shiftKey === Boolean(chord.shift);
  }
  // "?" is a shifted key on most layouts; an arrow with Shift is not ours (it extends selections).
  if (chord.key !== '?' && press.shiftKey !== Boolean(chord.shift)) return false;
  return press.key === chord.key;
}

export type Match = { shortcut: Shortcut; chord: Chord };

export function shortcutFor(press: Press, shortcuts: readonly Shortcut[] = SHORTCUTS): Match | undefined {
  for (const shortcut of shortcuts) {
    const chord = shortcut.chords.find((c) => chordMatches(c, press));
    if (chord) return { shortcut, chord };
  }
  return undefined;
}

const NAMES: Record<string, string> = {
  ArrowDown: '↓',
  ArrowUp: '↑',
  ArrowLeft: '←',
  ArrowRight: '→',
  Escape: 'Esc',
  Enter: 'Enter',
};

/** How a chord is printed: "J", "↓", "Shift Z", "Ctrl K" (or "⌘ K" on a Mac). */
export function chordLabel(chord: Chord, mac: boolean): string {
  const key = NAMES[chord.key] ?? chord.key.toUpperCase();
  return [chord.mod ? (mac ? '⌘' : 'Ctrl') : '', chord.shift ? 'Shift' : '', key].filter(Boolean).join(' ');
}

/** The chord as Playwright's keyboard.press names it (the e2e test presses what the overlay lists). */
export function chordPress(chord: Chord): string {
  const key = chord.shift && isLetter(chord.key) ? chord.key.toUpperCase() : chord.key;
  return [chord.mod ? 'ControlOrMeta' : '', chord.shift ? 'Shift' : '', key].filter(Boolean).join('+');
}
