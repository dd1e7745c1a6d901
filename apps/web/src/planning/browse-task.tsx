/**
 * `/w/:id/browse/WEB-12`: opens the task a key names, current or old project key (SPEC M21),
 * looked up in the local document, so it works offline too. Found, it becomes the board's
 * `?task=` link (which opens the task on its project's board); a key that names nothing yet may
 * still arrive by sync, so the page keeps looking while it says so.
 */
import { resolveTaskKey } from '@taskflow/model';
import { useEffect } from 'react';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { useWorkspaceReady } from '../hooks/use-workspace-ready.ts';
import { Link } from '../router/link.tsx';
import { navigate } from '../router/navigation.ts';
import { boardPath, taskPath } from '../router/route.ts';
import { useWorkspace } from '../workspace-context.ts';

export function BrowseTask({ taskKey }: { taskKey: string }) {
  const { workspace } = useWorkspace();
  const ready = useWorkspaceReady();
  const taskId = useDocQuery(workspace.doc, (d) => resolveTaskKey(d, taskKey) ?? null, [taskKey]);

  useEffect(() => {
    if (ready && taskId) navigate(taskPath(workspace.name, taskId), { replace: true });
  }, [ready, taskId, workspace.name]);

  if (!ready || taskId) {
    return (
      <p className="loading" role="status">
        Opening {taskKey}…
      </p>
    );
  }
  return (
    <main className="centered-page">
      <div className="access-lost" role="alert">
        <h1>No task {taskKey.toUpperCase()} here yet</h1>
        <p>
          No task in this workspace has that key on this device. If someone just created it, it opens as soon
          as this device has synced.
        </p>
        <Link className="button primary" href={boardPath(workspace.name)}>
          Go to the board
        </Link>
      </div>
    </main>
  );
}
