/** Undo and Redo for my own changes on the board, with a line saying what the last one did. */
import { useWorkspace } from '../workspace-context.ts';
import { useUndo } from './use-undo.ts';

export function UndoButtons() {
  const { workspace, actorId, readOnly } = useWorkspace();
  const { state, run, notice } = useUndo(workspace.doc, actorId, !readOnly);
  if (readOnly) return null;
  const undoTitle = state.undoLabel ? `Undo ${state.undoLabel} (Ctrl+Z)` : 'Nothing of yours to undo';
  const redoTitle = state.redoLabel ? `Redo ${state.redoLabel} (Ctrl+Shift+Z)` : 'Nothing to redo';
  return (
    <div className="undo-bar" role="toolbar" aria-label="Undo and redo">
      <button
        type="button"
        aria-label="Undo"
        title={undoTitle}
        disabled={!state.canUndo}
        onClick={() => run('undo')}
      >
        ↶ Undo
      </button>
      <button
        type="button"
        aria-label="Redo"
        title={redoTitle}
        disabled={!state.canRedo}
        onClick={() => run('redo')}
      >
        ↷ Redo
      </button>
      <span className="undo-notice muted" role="status" aria-label="Undo status">
        {notice}
      </span>
    </div>
  );
}
