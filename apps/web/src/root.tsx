/**
 * Picks the page for the address; pages that need a person send everyone else to sign in. Also
 * where the session meets the open workspaces: a sign-out (here or in another tab) closes them
 * before local data is deleted, without the session importing the sync layer.
 */
import { useEffect } from 'react';
import { ForgotPasswordPage } from './pages/forgot-password-page.tsx';
import { HomePage } from './pages/home-page.tsx';
import { InvitePage } from './pages/invite-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { Redirect } from './pages/redirect.tsx';
import { ResetPasswordPage } from './pages/reset-password-page.tsx';
import { SettingsPage } from './pages/settings-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';
import { SignUpPage } from './pages/sign-up-page.tsx';
import { UnsubscribePage } from './pages/unsubscribe-page.tsx';
import { VerifyEmailPage } from './pages/verify-email-page.tsx';
import { WorkspaceScreen } from './pages/workspace-screen.tsx';
import { useLocation } from './router/navigation.ts';
import { parseRoute, withNext } from './router/route.ts';
import { useSession } from './session/use-session.ts';
import { closeAllWorkspaces } from './sync/workspace-registry.ts';

export function Root() {
  const here = useLocation();
  const [session, sessionObject] = useSession();
  useEffect(() => sessionObject.onSignOut(closeAllWorkspaces), [sessionObject]);
  const url = new URL(here, location.origin);
  const route = parseRoute(url.pathname, url.search);
  const { user } = session;

  switch (route.name) {
    case 'signin':
      return <SignInPage next={route.next} />;
    case 'signup':
      return <SignUpPage next={route.next} />;
    case 'invite':
      return <InvitePage token={route.token} />;
    case 'unsubscribe':
      return <UnsubscribePage token={route.token} />;
    case 'forgot-password':
      return <ForgotPasswordPage />;
    case 'reset-password':
      return <ResetPasswordPage token={route.token} />;
    case 'verify-email':
      return <VerifyEmailPage token={route.token} />;
    case 'not-found':
      return <NotFoundPage />;
    default:
      break;
  }
  if (!user) return <Redirect to={withNext('/signin', here)} />;
  switch (route.name) {
    case 'home':
      return <HomePage />;
    case 'settings':
      return <SettingsPage />;
    case 'board':
    case 'members':
    case 'activity':
    case 'backlog':
    case 'reports':
    case 'list':
    case 'my-work':
    case 'browse':
      return (
        <WorkspaceScreen
          // Another workspace or person gets fresh state (useOpenWorkspace also reopens on a new sign-in).
          key={`${user.id}:${route.workspaceId}`}
          user={user}
          workspaceId={route.workspaceId}
          view={route.name}
          taskKey={route.name === 'browse' ? route.taskKey : undefined}
        />
      );
  }
}
