/** A new sprint of a project: name (the model names it "KEY Sprint N" when left empty), goal, dates. */
import { createSprint, ModelError } from '@taskflow/model';
import { type FormEvent, useId, useState } from 'react';
import { FormError } from '../ui/form-error.tsx';
import { useWorkspace } from '../workspace-context.ts';
import { useModal } from './use-modal.ts';

type Props = { projectId: string; onClose: () => void };

export function CreateSprintDialog({ projectId, onClose }: Props) {
  const { workspace, editor } = useWorkspace();
  const ref = useModal();
  const titleId = useId();
  const [name, setName] = useState('');
  const [goal, setGoal] = useState('');
  const [startDate, setStartDate] = useState('');
  const [endDate, setEndDate] = useState('');
  const [error, setError] = useState<string | null>(null);

  const create = (e: FormEvent) => {
    e.preventDefault();
    if (startDate && endDate && endDate < startDate) {
      setError('The end date comes before the start date.');
      return;
    }
    try {
      createSprint(workspace.doc, editor, {
        projectId,
        ...(name.trim() ? { name: name.trim() } : {}),
        goal: goal.trim(),
        startDate: startDate || null,
        endDate: endDate || null,
      });
      onClose();
    } catch (err) {
      if (!(err instanceof ModelError)) throw err;
      setError(err.message);
    }
  };

  return (
    <dialog ref={ref} className="dialog plan-dialog" aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>Create sprint</h2>
      <form onSubmit={create}>
        <label className="field">
          <span>Sprint name</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={120}
            placeholder="Named for you when left empty"
          />
        </label>
        <label className="field">
          <span>Sprint goal</span>
          <textarea value={goal} onChange={(e) => setGoal(e.target.value)} rows={2} maxLength={2000} />
        </label>
        <div className="field-row">
          <label className="field">
            <span>Start date</span>
            <input type="date" value={startDate} onChange={(e) => setStartDate(e.target.value)} />
          </label>
          <label className="field">
            <span>End date</span>
            <input type="date" value={endDate} onChange={(e) => setEndDate(e.target.value)} />
          </label>
        </div>
        <FormError error={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Create sprint
          </button>
        </div>
      </form>
    </dialog>
  );
}
