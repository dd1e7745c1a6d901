/**
 * A new sprint of a project, or changes to one that is not completed: name (the model names a new
 * one "KEY Sprint N" when left empty), goal, dates. Editing writes only what changed.
 */
import { createSprint, ModelError, type Sprint, type SprintInput, updateSprint } from '@taskflow/model';
import { type FormEvent, useId, useState } from 'react';
import { FormError } from '../ui/form-error.tsx';
import { useWorkspace } from '../workspace-context.ts';
import { useModal } from './use-modal.ts';

type Props = { projectId: string; sprint?: Sprint | undefined; onClose: () => void };

export function SprintDialog({ projectId, sprint, onClose }: Props) {
  const { workspace, editor } = useWorkspace();
  const ref = useModal();
  const titleId = useId();
  const [name, setName] = useState(sprint?.name ?? '');
  const [goal, setGoal] = useState(sprint?.goal ?? '');
  const [startDate, setStartDate] = useState(sprint?.startDate ?? '');
  const [endDate, setEndDate] = useState(sprint?.endDate ?? '');
  const verb = sprint ? 'Edit sprint' : 'Create sprint';
  const [error, setError] = useState<string | null>(null);

  const create = (e: FormEvent) => {
    e.preventDefault();
    const fields: SprintInput = {
      ...(name.trim() ? { name: name.trim() } : {}),
      goal: goal.trim(),
      startDate: startDate || null,
      endDate: endDate || null,
    };
    try {
      if (!sprint) createSprint(workspace.doc, editor, { projectId, ...fields });
      else {
        const changed = Object.fromEntries(
          Object.entries(fields).filter(([k, v]) => sprint[k as keyof SprintInput] !== v),
        ) as SprintInput;
        if (Object.keys(changed).length > 0) updateSprint(workspace.doc, editor, sprint.id, changed);
      }
      onClose();
    } catch (err) {
      if (!(err instanceof ModelError)) throw err;
      setError(err.message);
    }
  };

  return (
    <dialog ref={ref} className="dialog plan-dialog" aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>{sprint ? `Edit ${sprint.name}` : verb}</h2>
      <form onSubmit={create}>
        <label className="field">
          <span>Sprint name</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={120}
            placeholder="Named for you when left empty"
            required={sprint !== undefined}
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
            {sprint ? 'Save sprint' : verb}
          </button>
        </div>
      </form>
    </dialog>
  );
}
