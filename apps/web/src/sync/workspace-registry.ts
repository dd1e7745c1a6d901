/**
 * Open workspaces by key, counted by who uses them. React opens and closes them in effects; StrictMode
 * (and a quick remount) releases and re-acquires at once, so closing waits a tick and is cancelled by
 * a new acquire: one socket and one IndexedDB connection per workspace, never two.
 */
import type { Workspace } from './workspace.ts';

type Entry = { workspace: Workspace; users: number; closing: ReturnType<typeof setTimeout> | undefined };

const open = new Map<string, Entry>();

export function acquireWorkspace(key: string, create: () => Workspace): Workspace {
  const existing = open.get(key);
  if (existing) {
    clearTimeout(existing.closing);
    existing.closing = undefined;
    existing.users += 1;
    return existing.workspace;
  }
  const workspace = create();
  open.set(key, { workspace, users: 1, closing: undefined });
  return workspace;
}

export function releaseWorkspace(key: string): void {
  const entry = open.get(key);
  if (!entry) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  entry.closing = setTimeout(() => {
    open.delete(key);
    void entry.workspace.destroy();
  }, 0);
}

/** Before deleting local data: every database connection of this tab must be closed. */
export async function closeAllWorkspaces(): Promise<void> {
  const entries = [...open.values()];
  open.clear();
  await Promise.all(
    entries.map((entry) => {
      clearTimeout(entry.closing);
      return entry.workspace.destroy();
    }),
  );
}
