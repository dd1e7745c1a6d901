/**
 * `/w/:id/backlog`: the backlog and sprints of the project this tab shows (the same choice as the
 * board, remembered per person and workspace), with the project switcher and "Create sprint".
 */
import { readProjects } from '@taskflow/model';
import { useEffect, useState } from 'react';
import { ProjectSwitcher } from '../components/project-switcher.tsx';
import { useCurrentProject } from '../hooks/use-current-project.ts';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { SprintDialog } from '../planning/sprint-dialog.tsx';
import { userKey } from '../session/storage-keys.ts';
import { useWorkspace } from '../workspace-context.ts';
import { BacklogView } from './backlog-view.tsx';

export function BacklogPage() {
  const { workspace, actorId, readOnly } = useWorkspace();
  const [ready, setReady] = useState(false);
  const [creating, setCreating] = useState(false);
  const { doc } = workspace;

  useEffect(() => {
    let live = true;
    void workspace.ready.then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [workspace]);

  const projects = useDocQuery(doc, readProjects);
  const [project, chooseProject] = useCurrentProject(projects, userKey(actorId, 'project', workspace.name));

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
