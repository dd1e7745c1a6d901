/** The task's comments: author and time; I can edit and delete my own (model: only the author may). */
import { addComment, deleteComment, editComment, readComments } from '@taskflow/model';
import { type FormEvent, useState } from 'react';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { attempt } from '../hooks/use-error-banner.ts';
import { CommentText } from '../rich-text/comment-text.tsx';
import { personName, useWorkspace } from '../workspace-context.ts';

type Props = { taskId: string };

export function TaskComments({ taskId }: Props) {
  const { workspace, editor, actorId, people, readOnly } = useWorkspace();
  const doc = workspace.doc;
  const comments = useDocQuery(doc, (d) => readComments(d, taskId), [taskId]);
  const [draft, setDraft] = useState('');
  const [editing, setEditing] = useState<{ id: string; body: string } | null>(null);

  const add = (e: FormEvent) => {
    e.preventDefault();
    if (draft.trim() && attempt(() => addComment(doc, editor, taskId, draft))) setDraft('');
  };
  const saveEdit = (e: FormEvent) => {
    e.preventDefault();
    if (editing && attempt(() => editComment(doc, editor, editing.id, editing.body))) setEditing(null);
  };

  return (
    <section className="comments" aria-label="Comments">
      <h3>Comments</h3>
      {comments.length === 0 && <p className="muted">No comments yet.</p>}
      <ol className="comment-list">
        {comments.map((c) => (
          <li key={c.id} className="comment" aria-label={`Comment by ${personName(people, c.authorId)}`}>
            <p className="comment-meta">
              <strong>{personName(people, c.authorId)}</strong>{' '}
              <time dateTime={c.createdAt}>{new Date(c.createdAt).toLocaleString()}</time>
              {c.editedAt && <span className="muted"> · edited</span>}
            </p>
            {editing?.id === c.id ? (
              <form onSubmit={saveEdit} className="comment-form">
                <textarea
                  aria-label="Edit comment"
                  value={editing.body}
                  onChange={(e) => setEditing({ id: c.id, body: e.target.value })}
                  rows={3}
                />
                <div className="dialog-actions">
                  <button type="button" onClick={() => setEditing(null)}>
                    Cancel
                  </button>
                  <button type="submit" className="primary">
                    Save comment
                  </button>
                </div>
              </form>
            ) : (
              <CommentText body={c.body} people={people} />
            )}
            {c.authorId === actorId && !readOnly && editing?.id !== c.id && (
              <div className="comment-actions">
                <button type="button" className="link" onClick={() => setEditing({ id: c.id, body: c.body })}>
                  Edit
                </button>
                <button
                  type="button"
                  className="link danger"
                  onClick={() => attempt(() => deleteComment(doc, editor, c.id))}
                >
                  Delete
                </button>
              </div>
            )}
          </li>
        ))}
      </ol>
      {!readOnly && (
        <form onSubmit={add} className="comment-form">
          <textarea
            aria-label="New comment"
            placeholder="Write a comment… (- lists, `code`, links, @Name mentions)"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            rows={2}
          />
          <div className="dialog-actions">
            <span className="spacer" />
            <button type="submit" disabled={!draft.trim()}>
              Comment
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
