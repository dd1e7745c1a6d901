/** Non-blocking: the session ended while online; local work is kept and syncs after signing in again. */
import { Link } from '../router/link.tsx';
import { withNext } from '../router/route.ts';
import { useSession } from '../session/use-session.ts';

export function SessionBanner() {
  const [{ auth }] = useSession();
  if (auth !== 'expired') return null;
  return (
    <div className="session-banner" role="alert">
      <span>Sign in again to sync. Your changes are kept on this device until then.</span>
      <Link className="button primary" href={withNext('/signin', location.pathname)}>
        Sign in again
      </Link>
    </div>
  );
}
