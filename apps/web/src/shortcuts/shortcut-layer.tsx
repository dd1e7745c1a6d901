/** What the board's shortcuts open: a picker for the selected tasks, the `?` overlay, and a hint line. */
import { TaskPicker } from '../pickers/task-pickers.tsx';
import { useWorkspace } from '../workspace-context.ts';
import { ShortcutsOverlay } from './shortcuts-overlay.tsx';
import type { BoardShortcuts } from './use-board-shortcuts.ts';

export function ShortcutLayer({ shortcuts }: { shortcuts: BoardShortcuts }) {
  const { readOnly } = useWorkspace();
  const { picker, closePicker, help, closeHelp, hint, selection } = shortcuts;
  const count = selection.marked.length;
  return (
    <>
      <p className="shortcut-status" role="status">
        {hint ?? (count > 0 ? `${count} ${count === 1 ? 'task' : 'tasks'} selected · Esc clears` : '')}
      </p>
      {picker && (
        <TaskPicker
          kind={picker.kind}
          taskIds={picker.taskIds}
          anchor={picker.anchor}
          onClose={closePicker}
        />
      )}
      {help && <ShortcutsOverlay readOnly={readOnly} onClose={closeHelp} />}
    </>
  );
}
