/**
 * A project's board as it was, drawn read-only: the live board's look (same column and card
 * classes) but its own renderer, so no drag, form or edit control can leak into the past. A card
 * opens its fields as they were, with a task-only restore for those who may edit.
 */
import { type ReactNode, useEffect, useRef } from 'react';
import { personName, useWorkspace } from '../workspace-context.ts';
import type { PastProject, PastTask } from './history-api.ts';

type Props = { project: PastProject; label: string; onOpenTask: (task: PastTask) => void };

export function PastBoard({ project, label, onOpenTask }: Props) {
  const { people } = useWorkspace();
  const columns = project.columns.filter((c) => !c.archived);
  return (
    <div className="board-scroll">
      <section className="board past-board" aria-label={label}>
        {columns.length === 0 && <p className="empty">This project had no columns then.</p>}
        {columns.map((column) => {
          const tasks = column.tasks.filter((t) => !t.archived);
          return (
            <section key={column.id} className="column" aria-label={column.name}>
              <header className="column-header">
                <h2 className="column-title">
                  {column.name}
                  <span className="count">{tasks.length}</span>
                </h2>
              </header>
              <div className="column-body">
                <ol className="task-list" aria-label={`Tasks in ${column.name}`}>
                  {tasks.map((task) => (
                    <li key={task.id} className="task-item">
                      <article className="task-card" aria-label={task.title}>
                        <PastCardBody
                          task={task}
                          assigneeName={personName(people, task.assignee)}
                          title={
                            <button
                              type="button"
                              className="task-open"
                              onClick={() => onOpenTask(task)}
                              aria-label={`Open ${task.title} as it was`}
                            >
                              <span className="task-title-text">{task.title}</span>
                            </button>
                          }
                        />
                      </article>
                    </li>
                  ))}
                </ol>
              </div>
            </section>
          );
        })}
      </section>
    </div>
  );
}

function PastCardBody({
  task,
  assigneeName,
  title,
}: {
  task: PastTask;
  assigneeName: string;
  title: ReactNode;
}) {
  return (
    <>
      {title}
      <div className="task-meta">
        {task.priority !== 'medium' && (
          <span className={`priority priority-${task.priority}`}>{task.priority}</span>
        )}
        {task.labels.map((label) => (
          <span key={label} className="label">
            {label}
          </span>
        ))}
        {task.deadline && <span className="deadline">due {task.deadline}</span>}
        {task.estimate !== null && <span className="estimate">{task.estimate} pt</span>}
        {assigneeName && <span className="muted">{assigneeName}</span>}
      </div>
    </>
  );
}

type DialogProps = {
  task: PastTask;
  columnName: string;
  when: string;
  onClose: () => void;
  children?: ReactNode;
};

/** Every field of the task as it was; `children` is the restore control when one is allowed. */
export function PastTaskDialog({ task, columnName, when, onClose, children }: DialogProps) {
  const { people } = useWorkspace();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog past-task"
      aria-label={`${task.title} as of ${when}`}
      onClose={onClose}
    >
      <header className="detail-header">
        <h2>{task.title}</h2>
        <span className="badge">As of {when}</span>
      </header>
      <dl className="facts">
        <dt>Column</dt>
        <dd>{task.archived ? 'Archived' : columnName}</dd>
        <dt>Priority</dt>
        <dd>{task.priority}</dd>
        <dt>Assignee</dt>
        <dd>{task.assignee ? personName(people, task.assignee) : 'none'}</dd>
        <dt>Deadline</dt>
        <dd>{task.deadline ?? 'none'}</dd>
        <dt>Estimate</dt>
        <dd>{task.estimate ?? 'none'}</dd>
        <dt>Labels</dt>
        <dd>{task.labels.length > 0 ? task.labels.join(', ') : 'none'}</dd>
        <dt>Description</dt>
        <dd className="past-description">{task.description || 'none'}</dd>
      </dl>
      <div className="dialog-actions">
        {children}
        <span className="spacer" />
        <button type="button" onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}
