/**
 * `/w/:id/list`: the tasks of the project this tab shows (the same choice as the board and the
 * backlog) as a sortable table with inline editing and bulk actions.
 */
import { ProjectSwitcher } from '../components/project-switcher.tsx';
import { useWorkspaceProject } from '../hooks/use-workspace-project.ts';
import { ListView } from './list-view.tsx';

export function ListPage() {
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
      <main className="main list-page">
        <h1 className="visually-hidden">List</h1>
        {project ? (
          <ListView key={project.id} projectId={project.id} />
        ) : (
          <p className="empty">This workspace has no projects on this device yet.</p>
        )}
      </main>
    </>
  );
}
