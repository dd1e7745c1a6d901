/** "Your move lost": who moved the task where, and one click to put it where I put it. */
import { placeTask } from '@taskflow/model';
import { attempt } from '../hooks/use-error-banner.ts';
import { useLostMoves } from '../hooks/use-lost-moves.ts';
import { personName, useWorkspace } from '../workspace-context.ts';

export function LostMoveNotices() {
  const { workspace, actorId, editor, people, readOnly } = useWorkspace();
  const { notices, dismiss } = useLostMoves(workspace.doc, actorId);
  if (notices.length === 0) return null;
  return (
    <section className="notices" aria-label="Notices">
      {notices.map((lost) => (
        <div key={lost.mine.moveId} className="notice" role="alert">
          <p>
            {personName(people, lost.winner.by)} moved ‘{lost.taskTitle}’ to {lost.winner.colName}; your move
            to {lost.mine.colName} lost.
          </p>
          <div className="notice-actions">
            <button
              type="button"
              className="primary"
              disabled={readOnly}
              onClick={() => {
                if (attempt(() => placeTask(workspace.doc, editor, lost.taskId, lost.mine)))
                  dismiss(lost.mine.moveId);
              }}
            >
              Put it back where I put it
            </button>
            <button type="button" onClick={() => dismiss(lost.mine.moveId)}>
              Dismiss
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}
