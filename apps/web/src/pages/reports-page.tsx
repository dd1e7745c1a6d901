/**
 * `/w/:id/reports`: the reports of the project this tab shows (the same choice as the board and
 * the backlog, remembered per person and workspace). The project list comes from the local
 * document, so the page opens offline; each report is the server's (reports/use-report.ts).
 */
import { readProjects } from '@taskflow/model';
import { useEffect, useState } from 'react';
import { ProjectSwitcher } from '../components/project-switcher.tsx';
import { useCurrentProject } from '../hooks/use-current-project.ts';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { ReportsView } from '../reports/reports-view.tsx';
import { userKey } from '../session/storage-keys.ts';
import { useWorkspace } from '../workspace-context.ts';

export function ReportsPage() {
  const { workspace, actorId } = useWorkspace();
  const [ready, setReady] = useState(false);
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
      </div>
      <main className="main reports-page">
        <h1 className="visually-hidden">Reports</h1>
        {project ? (
          <ReportsView key={project.id} project={project} />
        ) : (
          <p className="empty">This workspace has no projects on this device yet.</p>
        )}
      </main>
    </>
  );
}
