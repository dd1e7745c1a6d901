/** Opens this person's copy of a workspace while the component is mounted; closes it after. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { deliverPush } from '../notifications/notification-store.ts';
import { SessionExpiredError } from '../session/session-state.ts';
import { useSessionObject } from '../session/use-session.ts';
import { type Access, openWorkspace, type Workspace } from '../sync/workspace.ts';
import { acquireWorkspace, releaseWorkspace } from '../sync/workspace-registry.ts';

/** `epoch` moves with each new sign-in: the provider that gave up on the old session is replaced. */
export function useOpenWorkspace(userId: string, workspaceId: string, epoch: number): Workspace | null {
  const session = useSessionObject();
  const [workspace, setWorkspace] = useState<Workspace | null>(null);
  useEffect(() => {
    const key = `${userId}:${workspaceId}:${epoch}`;
    const opened = acquireWorkspace(key, () =>
      openWorkspace({
        userId,
        workspaceId,
        token: () =>
          session.accessToken().catch((error: unknown) => {
            // Surfaces as the provider's token failure; the session banner explains an expiry.
            throw error instanceof SessionExpiredError ? error : new Error('no token');
          }),
        renewToken: (refused) => session.refresh(refused),
        canRetryToken: () => session.get().auth !== 'expired',
        onPush: (payload) => deliverPush(userId, payload),
      }),
    );
    setWorkspace(opened);
    return () => {
      setWorkspace(null);
      releaseWorkspace(key);
    };
  }, [session, userId, workspaceId, epoch]);
  return workspace;
}

export function useAccess(workspace: Workspace): Access {
  return useSyncExternalStore(workspace.access.subscribe, workspace.access.get);
}
