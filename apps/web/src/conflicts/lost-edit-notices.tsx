/** "Your title lost": who wrote the title that won, both texts, and one click to put mine back. */
import { updateTask } from '@taskflow/model';
import { attempt } from '../hooks/use-error-banner.ts';
import { personName, useWorkspace } from '../workspace-context.ts';
import { useLostEdits } from './use-lost-edits.ts';

export function LostEditNotices() {
  const { workspace, actorId, editor, people, readOnly } = useWorkspace();
  const { notices, dismiss } = useLostEdits(workspace.doc, workspace.name, actorId);
  if (notices.length === 0) return null;
  return (
    <section className="notices" aria-label="Title conflicts">
      {notices.map((lost) => (
        <div key={lost.key} className="notice" role="alert">
          <p>
            {personName(people, lost.by)} renamed a task to ‘{lost.theirs}’ at the same time as you; your
            title ‘{lost.mine}’ lost.
          </p>
          <div className="notice-actions">
            <button
              type="button"
              className="primary"
              disabled={readOnly}
              onClick={() => {
                if (attempt(() => updateTask(workspace.doc, editor, lost.taskId, { title: lost.mine })))
                  dismiss(lost.key);
              }}
            >
              Use my title
            </button>
            <button type="button" onClick={() => dismiss(lost.key)}>
              Dismiss
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}
