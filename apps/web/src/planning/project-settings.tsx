/**
 * A project's settings: name, key (renaming keeps old keys resolving, SPEC M21; a key another
 * project holds is refused and the form says so), Kanban or Scrum (M22), and the estimation unit
 * sprints and the backlog sum. Only what the person changed is written, so two people editing
 * different settings at once both keep theirs.
 */
import {
  ESTIMATION_UNITS,
  type EstimationUnit,
  ModelError,
  PROJECT_MODES,
  type Project,
  type ProjectMode,
  type ProjectPatch,
  updateProject,
} from '@taskflow/model';
import { type FormEvent, useId, useState } from 'react';
import { FormError } from '../ui/form-error.tsx';
import { useWorkspace } from '../workspace-context.ts';
import { ProjectLifecycle } from './project-lifecycle.tsx';
import { useModal } from './use-modal.ts';

const MODE_LABELS: Record<ProjectMode, string> = {
  kanban: 'Kanban: the board shows every task',
  scrum: 'Scrum: the board shows the active sprint',
};
const UNIT_LABELS: Record<EstimationUnit, string> = {
  points: 'Story points',
  hours: 'Hours (original estimate)',
};

function isMode(value: string): value is ProjectMode {
  return (PROJECT_MODES as readonly string[]).includes(value);
}
function isUnit(value: string): value is EstimationUnit {
  return (ESTIMATION_UNITS as readonly string[]).includes(value);
}

type Props = {
  project: Project;
  onClose: () => void;
  /** Owners and admins may delete the project (deletion.ts). */
  canDelete?: boolean;
};

export function ProjectSettingsDialog({ project, onClose, canDelete = false }: Props) {
  const { workspace, editor } = useWorkspace();
  const ref = useModal();
  const titleId = useId();
  const [name, setName] = useState(project.name);
  const [key, setKey] = useState(project.key);
  const [mode, setMode] = useState<ProjectMode>(project.mode);
  const [unit, setUnit] = useState<EstimationUnit>(project.estimationUnit);
  const [error, setError] = useState<string | null>(null);

  const save = (e: FormEvent) => {
    e.preventDefault();
    const patch: ProjectPatch = {};
    if (name.trim() !== project.name) patch.name = name.trim();
    if (key.trim().toUpperCase() !== project.key) patch.key = key;
    if (mode !== project.mode) patch.mode = mode;
    if (unit !== project.estimationUnit) patch.estimationUnit = unit;
    try {
      if (Object.keys(patch).length > 0) updateProject(workspace.doc, editor, project.id, patch);
      onClose();
    } catch (err) {
      if (!(err instanceof ModelError)) throw err;
      setError(err.message);
    }
  };

  return (
    <dialog ref={ref} className="dialog plan-dialog" aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>Project settings</h2>
      <form onSubmit={save}>
        <div className="field-row">
          <label className="field">
            <span>Project name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={120} required />
          </label>
          <label className="field key-field">
            <span>Key</span>
            <input
              value={key}
              onChange={(e) => {
                setKey(e.target.value);
                setError(null);
              }}
              maxLength={10}
              required
              aria-describedby={`${titleId}-key-help`}
            />
          </label>
        </div>
        <p className="muted small" id={`${titleId}-key-help`}>
          Tasks are named by the key, like {key.trim().toUpperCase() || project.key}-12. Old keys keep working
          in links.
        </p>
        <label className="field">
          <span>Board type</span>
          <select value={mode} onChange={(e) => isMode(e.target.value) && setMode(e.target.value)}>
            {PROJECT_MODES.map((m) => (
              <option key={m} value={m}>
                {MODE_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Estimation unit</span>
          <select value={unit} onChange={(e) => isUnit(e.target.value) && setUnit(e.target.value)}>
            {ESTIMATION_UNITS.map((u) => (
              <option key={u} value={u}>
                {UNIT_LABELS[u]}
              </option>
            ))}
          </select>
        </label>
        <FormError error={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save settings
          </button>
        </div>
      </form>
      <ProjectLifecycle project={project} canDelete={canDelete} onDone={onClose} />
    </dialog>
  );
}
