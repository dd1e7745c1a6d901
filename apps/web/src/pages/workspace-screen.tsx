/**
 * `/w/:id`, `/w/:id/members`, `/w/:id/activity`, `/w/:id/backlog`, `/w/:id/list`, `/w/:id/my-work`, `/w/:id/reports` and `/w/:id/browse/KEY-N`: opens the workspace's document for this person
 * (every view shows its sync state and counts its pending changes), decides read-only, and shows
 * the chosen view.
 */
import { readPeople, setPersonName } from '@taskflow/model';
import { lazy, Suspense, useCallback, useEffect, useMemo } from 'react';
import type { User } from '../api/schemas.ts';
import { AppShell } from '../components/app-shell.tsx';
import { ErrorBanner } from '../components/error-banner.tsx';
import { StatusPill } from '../components/status-pill.tsx';
import { WorkspaceSwitcher } from '../components/workspace-switcher.tsx';
import { ActivityPage } from '../history/activity-page.tsx';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { attempt } from '../hooks/use-error-banner.ts';
import { useAccess, useOpenWorkspace } from '../hooks/use-open-workspace.ts';
import { ListPage } from '../list-view/list-page.tsx';
import { membersApi } from '../members/members-api.ts';
import { MembersPage } from '../members/members-page.tsx';
import { MyWorkPage } from '../my-work/my-work-page.tsx';
import { Link } from '../router/link.tsx';
import { useSession } from '../session/use-session.ts';
import type { Workspace } from '../sync/workspace.ts';
import { WorkspaceContext, type WorkspaceContextValue } from '../workspace-context.ts';
import { BacklogPage } from './backlog-page.tsx';
import { BoardScreen } from './board-screen.tsx';
import { isReadOnly } from './read-only.ts';

// Its own chunk: the charting library and the reports stay out of the board's first load (the
// service worker still caches the chunk, so the page opens offline).
const ReportsPage = lazy(() => import('./reports-page.tsx').then((m) => ({ default: m.ReportsPage })));

type View = 'board' | 'members' | 'activity' | 'backlog' | 'reports' | 'list' | 'my-work' | 'browse';
/** `taskKey`: the key a browse address names. */
type Props = { user: User; workspaceId: string; view: View; taskKey?: string | undefined };

export function WorkspaceScreen({ user, workspaceId, view, taskKey }: Props) {
  const [{ epoch }] = useSession();
  const workspace = useOpenWorkspace(user.id, workspaceId, epoch);
  if (!workspace) {
    return (
      <p className="loading" role="status">
        Opening your workspace…
      </p>
    );
  }
  return <OpenWorkspace user={user} workspace={workspace} view={view} taskKey={taskKey} />;
}

function OpenWorkspace({
  user,
  workspace,
  view,
  taskKey,
}: {
  user: User;
  workspace: Workspace;
  view: View;
  taskKey: string | undefined;
}) {
  const [snapshot, session] = useSession();
  const workspaceId = workspace.name;
  const role = snapshot.workspaces.find((w) => w.id === workspaceId)?.role;
  const access = useAccess(workspace);
  const readOnly = isReadOnly(access, role);
  const { doc } = workspace;
  const editor = useMemo(() => ({ origin: { kind: 'user' as const, actorId: user.id } }), [user.id]);
  const people = useDocQuery(doc, readPeople);
  const loadMembers = useCallback(() => membersApi(session, workspaceId).members(), [session, workspaceId]);

  useEffect(() => session.rememberWorkspace(workspaceId), [session, workspaceId]);

  // The server's answer disagrees with the cached role (changed or removed): fetch the list again.
  const stale =
    (access === 'denied' && role !== undefined) ||
    (access === 'readonly' && role !== 'viewer') ||
    (access === 'read-write' && (role === undefined || role === 'viewer'));
  useEffect(() => {
    if (stale) void session.refreshWorkspaces().catch(() => undefined);
  }, [stale, session]);

  // The account's name, recorded in the document so others see who did what (viewers cannot write).
  const known = people[user.id];
  useEffect(() => {
    if (!readOnly && access === 'read-write' && known !== user.name) {
      attempt(() => setPersonName(doc, editor, user.id, user.name));
    }
  }, [readOnly, access, known, user.id, user.name, doc, editor]);

  const context = useMemo<WorkspaceContextValue>(
    () => ({ workspace, actorId: user.id, editor, people, readOnly }),
    [workspace, user.id, editor, people, readOnly],
  );

  return (
    <WorkspaceContext.Provider value={context}>
      <AppShell
        workspaceId={workspaceId}
        view={view === 'browse' ? 'board' : view}
        readOnly={readOnly}
        status={<StatusPill />}
        switcher={<WorkspaceSwitcher workspaceId={workspaceId} />}
      >
        {access === 'denied' ? (
          <main className="centered-page">
            <div className="access-lost" role="alert">
              <h1>You no longer have access to this workspace</h1>
              <p>An admin removed you, or the workspace was deleted. Ask an admin to invite you again.</p>
              <Link className="button primary" href="/">
                Go to your workspaces
              </Link>
            </div>
          </main>
        ) : view === 'board' || view === 'browse' ? (
          // A browse address is the board with that task's panel open (task-panel/task-address.ts).
          <BoardScreen role={role} taskKey={view === 'browse' ? (taskKey ?? null) : null} />
        ) : view === 'backlog' ? (
          <BacklogPage />
        ) : view === 'list' ? (
          <ListPage />
        ) : view === 'my-work' ? (
          <MyWorkPage />
        ) : view === 'reports' ? (
          <Suspense fallback={<p className="loading">Opening the reports…</p>}>
            <ReportsPage />
          </Suspense>
        ) : view === 'activity' ? (
          <ActivityPage workspaceId={workspaceId} loadMembers={loadMembers} />
        ) : (
          <MembersPage workspaceId={workspaceId} myRole={role} />
        )}
      </AppShell>
      <ErrorBanner />
    </WorkspaceContext.Provider>
  );
}
