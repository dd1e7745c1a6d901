/**
 * `/w/:id/reports`: the reports of the project this tab shows (the same choice as the board and
 * the backlog, remembered per person and workspace). The project list comes from the local
 * document, so the page opens offline; each report is the server's (reports/use-report.ts).
 */
import { ProjectSwitcher } from '../components/project-switcher.tsx';
import { useWorkspaceProject } from '../hooks/use-workspace-project.ts';
import { ReportsView } from '../reports/reports-view.tsx';

export function ReportsPage() {
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
