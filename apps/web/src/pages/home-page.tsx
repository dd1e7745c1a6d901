/** `/`: the last workspace, else the first, else "Create your first workspace". */
import { AppShell } from '../components/app-shell.tsx';
import { CreateWorkspaceForm } from '../components/create-workspace-form.tsx';
import { ImportWorkspaceForm } from '../components/import-workspace-form.tsx';
import { boardPath } from '../router/route.ts';
import { useSession } from '../session/use-session.ts';
import { Redirect } from './redirect.tsx';

export function HomePage() {
  const [{ workspaces, lastWorkspaceId }] = useSession();
  const target = workspaces.find((w) => w.id === lastWorkspaceId) ?? workspaces[0];
  if (target) return <Redirect to={boardPath(target.id)} />;
  return (
    <AppShell workspaceId={null} switcher={null}>
      <main className="centered-page">
        <h1>Create your first workspace</h1>
        <p className="muted">
          A workspace holds your team’s projects and boards. Invite people to it once it exists.
        </p>
        <CreateWorkspaceForm />
        <p className="muted">Or bring one from a Taskflow export file:</p>
        <ImportWorkspaceForm />
      </main>
    </AppShell>
  );
}
