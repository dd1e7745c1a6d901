/**
 * The admin sections of the members page: reminder settings for all, failed emails for owners and
 * admins, the whole workspace as one file for owners.
 */
import { useMemo } from 'react';
import { isAdmin, type Role } from '../api/schemas.ts';
import { useSession } from '../session/use-session.ts';
import { DeadLetters } from './dead-letters.tsx';
import { ExportWorkspace } from './export-workspace.tsx';
import { ReminderSettings } from './reminder-settings.tsx';
import { workspaceAdminApi } from './workspace-admin-api.ts';

type Props = { workspaceId: string; myRole: Role | undefined };

export function WorkspaceAdmin({ workspaceId, myRole }: Props) {
  const [{ auth }, session] = useSession();
  const api = useMemo(() => workspaceAdminApi(session, workspaceId), [session, workspaceId]);
  return (
    <>
      <ReminderSettings api={api} canEdit={isAdmin(myRole)} reloadKey={auth} />
      {isAdmin(myRole) && <DeadLetters api={api} reloadKey={auth} />}
      {myRole === 'owner' && <ExportWorkspace session={session} workspaceId={workspaceId} />}
    </>
  );
}
