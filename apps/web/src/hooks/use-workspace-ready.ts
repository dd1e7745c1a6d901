/** True once the open workspace's local copy is loaded (sync/workspace.ts `ready`). */
import { useEffect, useState } from 'react';
import { useWorkspace } from '../workspace-context.ts';
import { flushDocChanges } from './use-doc-query.ts';

export function useWorkspaceReady(): boolean {
  const { workspace } = useWorkspace();
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    void workspace.ready.then(() => {
      if (!live) return;
      // Rendered in the same pass as the loaded document, never before it (use-doc-query.ts).
      flushDocChanges(workspace.doc);
      setReady(true);
    });
    return () => {
      live = false;
    };
  }, [workspace]);
  return ready;
}
