/** Archived tasks and columns of the project, each with a way back. */
import { type Board, restoreColumn, restoreTask } from '@taskflow/model';
import { attempt } from '../hooks/use-error-banner.ts';
import { personName, useWorkspace } from '../workspace-context.ts';

type Props = { board: Board; onOpenTask: (id: string) => void };

export function ArchivedPanel({ board, onOpenTask }: Props) {
  const { workspace, editor, people, readOnly } = useWorkspace();
  const doc = workspace.doc;
  return (
    <section className="archived" aria-label="Archived">
      <h2>Archived</h2>
      <div className="archived-grid">
        <div>
          <h3>Tasks</h3>
          {board.archivedTasks.length === 0 ? (
            <p className="muted">No archived tasks.</p>
          ) : (
            <ul className="archived-list">
              {board.archivedTasks.map((task) => (
                <li key={task.id}>
                  <button type="button" className="link" onClick={() => onOpenTask(task.id)}>
                    {task.title}
                  </button>
                  <span className="muted">
                    {' '}
                    archived {task.archivedAt?.slice(0, 10)} by {personName(people, task.updatedBy)}
                  </span>
                  {!readOnly && (
                    <button
                      type="button"
                      aria-label={`Restore ${task.title}`}
                      onClick={() => attempt(() => restoreTask(doc, editor, task.id))}
                    >
                      Restore
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3>Columns</h3>
          {board.archivedColumns.length === 0 ? (
            <p className="muted">No archived columns.</p>
          ) : (
            <ul className="archived-list">
              {board.archivedColumns.map((column) => (
                <li key={column.id}>
                  <span>{column.name}</span>
                  {!readOnly && (
                    <button
                      type="button"
                      aria-label={`Restore column ${column.name}`}
                      onClick={() => attempt(() => restoreColumn(doc, editor, column.id))}
                    >
                      Restore
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
