/**
 * The board's keyboard shortcuts (shortcut-registry.ts) and the selection they move: one window
 * listener for the board's life, reading the latest board through a ref. Keys go to the board
 * only when nothing else wants them (key-target.ts), never during a drag (dnd-kit's keyboard drag
 * uses the arrows, Space and Escape), and never for a chord another module handles (`by`).
 */
import type { Board } from '@taskflow/model';
import { useCallback, useEffect, useRef, useState } from 'react';
import { boardLookup } from '../dnd/board-lookup.ts';
import { usePublishSelectedTask } from '../palette/open-task.ts';
import type { PickerKind } from '../pickers/task-pickers.tsx';
import { undoNotice } from '../undo/undo-notice.ts';
import { undoHistoryFor } from '../undo/undo-registry.ts';
import { useWorkspace } from '../workspace-context.ts';
import {
  columnForNewTask,
  NO_SELECTION,
  type Selection,
  selectedTasks,
  stepCursor,
  toggleMarked,
} from './board-selection.ts';
import { answersEnter, keyIsFree } from './key-target.ts';
import { type ShortcutAction, shortcutFor } from './shortcut-registry.ts';

export type OpenPicker = { kind: PickerKind; taskIds: readonly string[]; anchor: Element | null };

export type BoardShortcuts = {
  selection: Selection;
  picker: OpenPicker | null;
  closePicker: () => void;
  help: boolean;
  closeHelp: () => void;
  /** A word for the status line: what Z did, or that a shortcut had nothing to act on. */
  hint: string | null;
};

type Options = {
  board: Board;
  dragging: boolean;
  onOpenTask: (id: string) => void;
};

const PICKERS: Partial<Record<ShortcutAction, PickerKind>> = {
  assignee: 'assignee',
  labels: 'labels',
  priority: 'priority',
  status: 'status',
  due: 'due',
};

/** The card of a task on the board (board-column.tsx renders it with the task's id). */
export function cardOf(taskId: string): Element | null {
  return document.querySelector(`.task-item[data-drop-id="${CSS.escape(taskId)}"]`);
}

export function useBoardShortcuts({ board, dragging, onOpenTask }: Options): BoardShortcuts {
  const { workspace, actorId, readOnly } = useWorkspace();
  const [selection, setSelection] = useState<Selection>(NO_SELECTION);
  const [picker, setPicker] = useState<OpenPicker | null>(null);
  const [help, setHelp] = useState(false);
  const [hint, setHint] = useState<string | null>(null);
  const latest = useRef({ board, dragging, onOpenTask, selection, readOnly });
  latest.current = { board, dragging, onOpenTask, selection, readOnly };
  // The command palette acts on the selected task while no panel is open.
  usePublishSelectedTask(selection.cursor);

  useEffect(() => {
    const run = (action: ShortcutAction, event: KeyboardEvent): boolean => {
      const { board, selection, onOpenTask } = latest.current;
      const lookup = boardLookup(board);
      switch (action) {
        case 'down':
        case 'up':
        case 'left':
        case 'right': {
          const cursor = stepCursor(lookup, selection.cursor, action);
          setSelection({ ...selection, cursor });
          return cursor !== null;
        }
        case 'open': {
          // Enter on a card's own button opens it already (its click).
          if (answersEnter(event) || selection.cursor === null || !lookup.placeOf(selection.cursor))
            return false;
          onOpenTask(selection.cursor);
          return true;
        }
        case 'toggle': {
          const cursor = selection.cursor ?? stepCursor(lookup, null, 'down');
          setSelection(toggleMarked({ ...selection, cursor }));
          return cursor !== null;
        }
        case 'clear':
          if (selection.cursor === null && selection.marked.length === 0) return false;
          setSelection(NO_SELECTION);
          return true;
        case 'create': {
          const columnId = columnForNewTask(lookup, selection);
          const field = columnId
            ? document.querySelector<HTMLInputElement>(
                `[data-column-id="${CSS.escape(columnId)}"] .add-task input`,
              )
            : null;
          field?.focus();
          return field !== null;
        }
        case 'assignee':
        case 'labels':
        case 'priority':
        case 'status':
        case 'due': {
          const taskIds = selectedTasks(lookup, selection);
          if (taskIds.length === 0) {
            setHint('Select a task first: J or K, or the arrows.');
            return true;
          }
          const kind = PICKERS[action];
          const anchor = selection.cursor ? cardOf(selection.cursor) : null;
          if (kind) setPicker({ kind, taskIds, anchor });
          return true;
        }
        case 'undo':
        case 'redo': {
          // Said in the status line, in the undo buttons' words, since the key gives no other sign.
          const history = undoHistoryFor(workspace.doc, actorId);
          const result = action === 'undo' ? history.undo() : history.redo();
          setHint(result ? undoNotice(action, result) : `Nothing to ${action}.`);
          return true;
        }
        case 'help':
          setHelp(true);
          return true;
        case 'palette':
          return false;
      }
    };
    const onKey = (event: KeyboardEvent) => {
      if (latest.current.dragging || !keyIsFree(event)) return;
      const match = shortcutFor(event);
      if (!match || match.chord.by) return;
      const { shortcut } = match;
      if (shortcut.edits && latest.current.readOnly) return;
      if (event.repeat && !shortcut.repeats) return;
      setHint(null);
      // Handled: the letter is not typed into the field C focuses, the arrow does not scroll.
      if (run(shortcut.action, event)) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [workspace.doc, actorId]);

  return {
    selection,
    picker,
    closePicker: useCallback(() => setPicker(null), []),
    help,
    closeHelp: useCallback(() => setHelp(false), []),
    hint,
  };
}
