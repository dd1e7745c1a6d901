import { createProject, type Project } from '@taskflow/model';
import { type FormEvent, useState } from 'react';
import { attempt } from '../hooks/use-error-banner.ts';
import { ArchivedProjects } from '../planning/archived-projects.tsx';
import { ImportProjectButton } from '../planning/import-project.tsx';
import { ProjectSettingsDialog } from '../planning/project-settings.tsx';
import { useWorkspace } from '../workspace-context.ts';

type Props = {
  projects: readonly Project[];
  project: Project | undefined;
  onChoose: (id: string) => void;
  /** Owners and admins: project settings offer "Delete project", and "Import project" is offered. */
  canDeleteProjects?: boolean;
};

export function ProjectSwitcher({ projects, project, onChoose, canDeleteProjects = false }: Props) {
  const { workspace, editor, readOnly } = useWorkspace();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState(false);
  const [showArchived, setShowArchived] = useState(false);
  const [name, setName] = useState('');
  const live = projects.filter((p) => p.archivedAt === null);
  const archived = projects.filter((p) => p.archivedAt !== null);

  const create = (e: FormEvent) => {
    e.preventDefault();
    attempt(() => {
      const created = createProject(workspace.doc, editor, { name });
      onChoose(created.id);
      setName('');
      setCreating(false);
    });
  };

  return (
    <div className="project-switcher">
      <label className="inline-field">
        <span>Project</span>
        <select
          value={project?.id ?? ''}
          onChange={(e) => onChoose(e.target.value)}
          disabled={live.length === 0}
        >
          {live.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      {project && !readOnly && (
        <button type="button" onClick={() => setEditing(true)}>
          Project settings
        </button>
      )}
      {editing && project && (
        <ProjectSettingsDialog
          key={project.id}
          project={project}
          canDelete={canDeleteProjects}
          onClose={() => setEditing(false)}
        />
      )}
      {archived.length > 0 && !readOnly && (
        <button type="button" onClick={() => setShowArchived(true)}>
          Archived projects ({archived.length})
        </button>
      )}
      {showArchived && (
        <ArchivedProjects
          projects={archived}
          onRestored={(id) => {
            setShowArchived(false);
            onChoose(id);
          }}
          onClose={() => setShowArchived(false)}
        />
      )}
      {canDeleteProjects && <ImportProjectButton onImported={onChoose} />}
      {creating ? (
        <form className="inline-form" onSubmit={create}>
          <input
            aria-label="Project name"
            placeholder="Project name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={120}
            // biome-ignore lint/a11y/noAutofocus: opened by the person's click on "New project".
            autoFocus
          />
          <button type="submit" className="primary">
            Create project
          </button>
          <button type="button" onClick={() => setCreating(false)}>
            Cancel
          </button>
        </form>
      ) : (
        !readOnly && (
          <button type="button" onClick={() => setCreating(true)}>
            New project
          </button>
        )
      )}
    </div>
  );
}
