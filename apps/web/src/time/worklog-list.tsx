/** A task's worklogs, oldest start first: who, when, how long, what. Mine have Edit and Delete (M23). */
import { deleteWorklog, readWorklogs } from '@taskflow/model';
import { useState } from 'react';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { attempt } from '../hooks/use-error-banner.ts';
import { personName, useWorkspace } from '../workspace-context.ts';
import { formatDuration } from './duration.ts';
import { EditWorklogForm } from './worklog-form.tsx';

export function WorklogList({ taskId }: { taskId: string }) {
  const { workspace, editor, actorId, people, readOnly } = useWorkspace();
  const doc = workspace.doc;
  const worklogs = useDocQuery(doc, (d) => readWorklogs(d, taskId), [taskId]);
  const [editing, setEditing] = useState<string | null>(null);

  if (worklogs.length === 0) return <p className="muted">No work logged yet.</p>;
  return (
    <ol className="worklog-list" aria-label="Worklogs">
      {worklogs.map((w) => {
        const who = personName(people, w.authorId);
        const mine = w.authorId === actorId && !readOnly;
        return (
          <li key={w.id} className="worklog" aria-label={`Worklog by ${who}`}>
            {editing === w.id && mine ? (
              <EditWorklogForm worklog={w} onDone={() => setEditing(null)} />
            ) : (
              <>
                <p className="worklog-meta">
                  <strong>{who}</strong> logged{' '}
                  <strong className="worklog-duration">{formatDuration(w.seconds)}</strong>{' '}
                  <span className="muted">
                    started <time dateTime={w.startedAt}>{new Date(w.startedAt).toLocaleString()}</time>
                    {w.editedAt && ' · edited'}
                  </span>
                </p>
                {w.note && <p className="worklog-note">{w.note}</p>}
                {mine && (
                  <div className="comment-actions">
                    <button type="button" className="link" onClick={() => setEditing(w.id)}>
                      Edit
                    </button>
                    <button
                      type="button"
                      className="link danger"
                      onClick={() => attempt(() => deleteWorklog(doc, editor, w.id))}
                    >
                      Delete
                    </button>
                  </div>
                )}
              </>
            )}
          </li>
        );
      })}
    </ol>
  );
}
