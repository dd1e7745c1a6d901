/**
 * Completing the active sprint: the person chooses where its open tasks go (the backlog or a
 * sprint that is not completed), then sees what happened, "2 completed, 1 open moved to Sprint 2".
 * Done means the project's last live column (SPEC M22); the counts before the click are read live,
 * so a task someone moves meanwhile is counted where it is.
 */
import { completeSprint, ModelError, readPlan } from '@taskflow/model';
import { type FormEvent, useId, useState } from 'react';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { FormError } from '../ui/form-error.tsx';
import { useWorkspace } from '../workspace-context.ts';
import { useModal } from './use-modal.ts';

type Props = { projectId: string; sprintId: string; onClose: () => void };

const BACKLOG = 'backlog';

export function CompleteSprintDialog({ projectId, sprintId, onClose }: Props) {
  const { workspace, editor } = useWorkspace();
  const ref = useModal();
  const titleId = useId();
  const plan = useDocQuery(workspace.doc, (d) => readPlan(d, projectId), [projectId]);
  const [to, setTo] = useState(BACKLOG);
  const [error, setError] = useState<string | null>(null);
  const [summary, setSummary] = useState<string | null>(null);

  const sprint = plan.sprints.find((s) => s.id === sprintId);
  const targets = plan.sprints.filter((s) => s.id !== sprintId && s.state !== 'closed');
  const tasks = plan.bySprint.get(sprintId) ?? [];
  const done = tasks.filter((t) => t.columnId === plan.doneColumnId).length;
  const open = tasks.length - done;

  const complete = (e: FormEvent) => {
    e.preventDefault();
    const target = to === BACKLOG ? null : to;
    const where =
      target === null ? 'the backlog' : (targets.find((s) => s.id === target)?.name ?? 'a sprint');
    try {
      const result = completeSprint(workspace.doc, editor, sprintId, target);
      setError(null);
      setSummary(`${result.completed} completed, ${result.moved} open moved to ${where}.`);
    } catch (err) {
      if (!(err instanceof ModelError)) throw err;
      setError(err.message);
    }
  };

  return (
    <dialog ref={ref} className="dialog plan-dialog" aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>Complete {sprint?.name ?? 'sprint'}</h2>
      {summary ? (
        <>
          <p className="sprint-summary" role="status">
            {summary}
          </p>
          <div className="dialog-actions">
            <button type="button" className="primary" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={complete}>
          <p>
            {done} {done === 1 ? 'task is' : 'tasks are'} done and {open}{' '}
            {open === 1 ? 'task is' : 'tasks are'} open.
          </p>
          {open > 0 && (
            <label className="field">
              <span>Move open tasks to</span>
              <select value={to} onChange={(e) => setTo(e.target.value)}>
                <option value={BACKLOG}>Backlog</option>
                {targets.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <FormError error={error} />
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={sprint?.state !== 'active'}>
              Complete sprint
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
