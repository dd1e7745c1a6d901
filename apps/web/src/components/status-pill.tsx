/** The sync state, always visible: offline / connecting / N changes waiting / saved on the server. */
import { useSyncStatus } from '../hooks/use-sync-status.ts';
import { describeSync } from '../sync/sync-status.ts';
import { useWorkspace } from '../workspace-context.ts';

export function StatusPill() {
  const { workspace } = useWorkspace();
  const sync = useSyncStatus(workspace);
  const text = describeSync(sync);
  return (
    <div className={`status-pill status-${sync.state}`} role="status" aria-label={`Sync status: ${text}`}>
      <span className="status-dot" aria-hidden="true" />
      {text}
    </div>
  );
}
