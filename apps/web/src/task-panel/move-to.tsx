/**
 * "Move to…" in the task panel (issue 14): a column and a position in it, then Move. The
 * always-working alternative to dragging: it makes the same `moveTask` call with the same editor
 * as a drop on the board, so undo, history and lost-move notices treat it as any other move.
 */
import { type Board, moveTask, type Task } from '@taskflow/model';
import { useId, useState } from 'react';
import { attempt } from '../hooks/use-error-banner.ts';
import { useWorkspace } from '../workspace-context.ts';

/** A column can hold thousands of tasks; a select of them all would be unusable and slow to open. */
export const MAX_AFTER_CHOICES = 200;

type Position = 'top' | 'bottom' | `after:${string}`;

/** Where `position` puts a task among `others` (the column without the task itself), as moveTask wants. */
export function moveIndex(others: readonly Pick<Task, 'id'>[], position: Position): number {
  if (position === 'top') return 0;
  if (position === 'bottom') return others.length;
  const after = others.findIndex((t) => `after:${t.id}` === position);
  return after === -1 ? others.length : after + 1;
}

export function MoveTo({ task, board }: { task: Task; board: Board }) {
  const { workspace, editor } = useWorkspace();
  const id = useId();
  const [columnId, setColumnId] = useState(task.columnId);
  const [position, setPosition] = useState<Position>('bottom');
  const [done, setDone] = useState('');
  const target = board.columns.find((c) => c.id === columnId) ?? board.columns[0];
  // A panel opened over another project's board (a backlog link) offers no columns of the wrong project.
  if (!target || board.project.id !== task.projectId) return null;
  const others = target.tasks.filter((t) => t.id !== task.id);
  const choices = others.slice(0, MAX_AFTER_CHOICES);
  // A chosen card that left the column (moved by someone else) is no longer a position.
  const shownPosition =
    position.startsWith('after:') && !choices.some((t) => `after:${t.id}` === position) ? 'bottom' : position;

  const move = () => {
    const index = moveIndex(others, shownPosition);
    if (attempt(() => moveTask(workspace.doc, editor, task.id, target.id, index))) {
      setDone(`Moved to ${target.name}, ${positionText(shownPosition, others)}.`);
    }
  };

  return (
    <section className="move-to" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Move to…</h3>
      <div className="field-row">
        <label className="field">
          <span>Column</span>
          <select
            value={target.id}
            onChange={(e) => {
              setColumnId(e.target.value);
              setPosition('bottom');
              setDone('');
            }}
          >
            {board.columns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Position</span>
          <select
            value={shownPosition}
            onChange={(e) => {
              setPosition(e.target.value as Position);
              setDone('');
            }}
          >
            <option value="top">Top</option>
            <option value="bottom">Bottom</option>
            {choices.map((t) => (
              <option key={t.id} value={`after:${t.id}`}>
                After {t.title}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={move}>
          Move
        </button>
      </div>
      {others.length > MAX_AFTER_CHOICES && (
        <p className="muted">
          Only the first {MAX_AFTER_CHOICES} of {others.length} tasks in {target.name} are offered to move
          after.
        </p>
      )}
      <p className="muted" role="status">
        {done}
      </p>
    </section>
  );
}

function positionText(position: Position, others: readonly Task[]): string {
  if (position === 'top') return 'at the top';
  if (position === 'bottom') return 'at the bottom';
  const after = others.find((t) => `after:${t.id}` === position);
  return after ? `after ${after.title}` : 'at the bottom';
}
