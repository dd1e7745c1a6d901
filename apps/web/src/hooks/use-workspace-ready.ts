/** True once the open workspace's local copy is loaded (sync/workspace.ts `ready`). */
import { useEffect, useState } from 'react';
import { useWorkspace } from '../workspace-context.ts';

export function useWorkspaceReady(): boolean {
  const { workspace } = useWorkspace();
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    void workspace.ready.then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [workspace]);
  return ready;
}
