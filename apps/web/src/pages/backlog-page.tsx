/**
 * `/w/:id/backlog`: the backlog and sprints of the project this tab shows (the same choice as the
 * board, remembered per person and workspace), with the project switcher and "Create sprint".
 */
import { useState } from 'react';
import { ProjectSwitcher } from '../components/project-switcher.tsx';
import { useWorkspaceProject } from '../hooks/use-workspace-project.ts';
import { SprintDialog } from '../planning/sprint-dialog.tsx';
import { useWorkspace } from '../workspace-context.ts';
import { BacklogView } from './backlog-view.tsx';

export function BacklogPage() {
  const { readOnly } = useWorkspace();
  const [creating, setCreating] = useState(false);
  const { ready, projects, project, chooseProject } = useWorkspaceProject();

  if (!ready) {
    return (
      <p className="loading" role="status">
        Opening your workspace…
      </p>
    );
  }

  return (
    <>
      <div className="board-toolbar">
        <ProjectSwitcher projects={projects} project={project} onChoose={chooseProject} />
        {project && !readOnly && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            Create sprint
          </button>
        )}
        {project?.mode === 'kanban' && (
          <span className="muted">
            This project is Kanban: its board shows every task. Switch it to Scrum in Project settings to run
            sprints.
          </span>
        )}
      </div>
      <main className="main backlog-page">
        <h1 className="visually-hidden">Backlog</h1>
        {project ? (
          <BacklogView key={project.id} project={project} />
        ) : (
          <p className="empty">This workspace has no projects on this device yet.</p>
        )}
      </main>
      {creating && project && <SprintDialog projectId={project.id} onClose={() => setCreating(false)} />}
    </>
  );
}
