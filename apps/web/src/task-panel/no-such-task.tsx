/**
 * A browse address whose key names no task on this device (SPEC M21). The task may still arrive
 * by sync: the board screen keeps looking and opens it then.
 */
import { Link } from '../router/link.tsx';
import { boardPath } from '../router/route.ts';
import { useWorkspace } from '../workspace-context.ts';

export function NoSuchTask({ taskKey }: { taskKey: string }) {
  const { workspace } = useWorkspace();
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
