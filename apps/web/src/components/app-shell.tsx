/** The frame around every signed-in page: workspace switcher, navigation, who I am, sync state. */
import type { ReactNode } from 'react';
import { NotificationBell } from '../notifications/notification-bell.tsx';
import { PaletteLauncher } from '../palette/palette-launcher.tsx';
import { Link } from '../router/link.tsx';
import {
  activityPath,
  backlogPath,
  boardPath,
  listPath,
  membersPath,
  myWorkPath,
  reportsPath,
} from '../router/route.ts';
import { useSession } from '../session/use-session.ts';
import { RunningTimer } from '../time/running-timer.tsx';
import { AccountMenu } from './account-menu.tsx';
import { SessionBanner } from './session-banner.tsx';
import { SignOutButton } from './sign-out-button.tsx';

type Props = {
  workspaceId: string | null;
  view?: 'board' | 'backlog' | 'list' | 'my-work' | 'reports' | 'members' | 'activity';
  readOnly?: boolean;
  /** The sync pill, when a workspace document is open. */
  status?: ReactNode;
  switcher: ReactNode;
  children: ReactNode;
};

export function AppShell({ workspaceId, view, readOnly, status, switcher, children }: Props) {
  const [{ user }] = useSession();
  return (
    <>
      {/* First in the tab order: past the header's links straight to the page. */}
      <a className="skip-link" href="#main-content">
        Skip to main content
      </a>
      <header className="app-header">
        <Link href="/" className="brand">
          Taskflow
        </Link>
        {switcher}
        {workspaceId && (
          <nav className="tabs" aria-label="Workspace">
            <Link href={boardPath(workspaceId)} aria-current={view === 'board' ? 'page' : undefined}>
              Board
            </Link>
            <Link href={backlogPath(workspaceId)} aria-current={view === 'backlog' ? 'page' : undefined}>
              Backlog
            </Link>
            <Link href={listPath(workspaceId)} aria-current={view === 'list' ? 'page' : undefined}>
              List
            </Link>
            <Link href={myWorkPath(workspaceId)} aria-current={view === 'my-work' ? 'page' : undefined}>
              My work
            </Link>
            <Link href={reportsPath(workspaceId)} aria-current={view === 'reports' ? 'page' : undefined}>
              Reports
            </Link>
            <Link href={membersPath(workspaceId)} aria-current={view === 'members' ? 'page' : undefined}>
              Members
            </Link>
            <Link href={activityPath(workspaceId)} aria-current={view === 'activity' ? 'page' : undefined}>
              Activity
            </Link>
          </nav>
        )}
        <div className="header-end">
          {workspaceId && <PaletteLauncher view={view} />}
          <RunningTimer />
          {readOnly && (
            <span className="badge" title="Your role in this workspace is viewer">
              View only
            </span>
          )}
          {user && <NotificationBell />}
          <AccountMenu>
            {user && (
              <span className="me">
                Signed in as <strong>{user.name}</strong>
              </span>
            )}
            {user && (
              <Link href="/settings" className="settings-link">
                Settings
              </Link>
            )}
            <SignOutButton />
          </AccountMenu>
          {status}
        </div>
      </header>
      <SessionBanner />
      {/* The skip link's target; focusable from script only, so it is not a tab stop. */}
      <div id="main-content" className="main-content" tabIndex={-1}>
        {children}
      </div>
    </>
  );
}
