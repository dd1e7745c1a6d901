import { useSyncExternalStore } from 'react';
import type { SyncSnapshot } from '../sync/sync-status.ts';
import type { Workspace } from '../sync/workspace.ts';

export function useSyncStatus(workspace: Workspace): SyncSnapshot {
  return useSyncExternalStore(workspace.sync.subscribe, workspace.sync.get);
}
