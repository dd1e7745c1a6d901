/**
 * `useUndo(doc, actorId)`: my undo history on this workspace, its state for buttons, undo and redo
 * that leave a notice, and (while `keys` is on) Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z and Ctrl+Y on the
 * window — except where I am typing, which keeps the browser's text undo (undo-keys.ts).
 *
 * Everything happens on the local document, so it works offline: the undo syncs when the
 * connection is back, like any edit.
 */
import type { UndoState } from '@taskflow/model';
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { isTextEntry, type UndoCommand, undoCommand } from './undo-keys.ts';
import { undoNotice } from './undo-notice.ts';
import { undoHistoryFor } from './undo-registry.ts';

export type Undo = {
  state: UndoState;
  run(command: UndoCommand): void;
  /** What the last undo or redo did, until my next change. */
  notice: string | null;
};

export function useUndo(doc: Y.Doc, actorId: string, keys: boolean): Undo {
  const history = undoHistoryFor(doc, actorId);
  const state = useSyncExternalStore(
    useCallback((listener: () => void) => history.subscribe(listener), [history]),
    () => history.state,
  );
  const [notice, setNotice] = useState<{ text: string; after: UndoState } | null>(null);

  const run = useCallback(
    (command: UndoCommand) => {
      const result = command === 'undo' ? history.undo() : history.redo();
      if (result) setNotice({ text: undoNotice(command, result), after: history.state });
    },
    [history],
  );

  useEffect(() => {
    if (!keys) return;
    const onKey = (event: KeyboardEvent) => {
      const command = undoCommand(event);
      if (!command || event.defaultPrevented) return;
      if (isTextEntry(event.target instanceof HTMLElement ? event.target : null)) return;
      event.preventDefault();
      run(command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [keys, run]);

  // A new change of mine (the stacks moved on without an undo or redo) makes the notice old news.
  return { state, run, notice: notice && notice.after === state ? notice.text : null };
}
