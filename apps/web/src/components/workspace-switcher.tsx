/** The workspaces I belong to (cached for offline use), and "New workspace" (made or imported from a file). */
import { useState } from 'react';
import { navigate } from '../router/navigation.ts';
import { boardPath } from '../router/route.ts';
import { useSession } from '../session/use-session.ts';
import { CreateWorkspaceForm } from './create-workspace-form.tsx';
import { ImportWorkspaceForm } from './import-workspace-form.tsx';

export function WorkspaceSwitcher({ workspaceId }: { workspaceId: string | null }) {
  const [{ workspaces }] = useSession();
  const [creating, setCreating] = useState(false);
  const known = workspaces.some((w) => w.id === workspaceId);

  if (creating) {
    return (
      <div className="workspace-switcher">
        <CreateWorkspaceForm onCancel={() => setCreating(false)} autoFocus />
        <ImportWorkspaceForm />
      </div>
    );
  }
  return (
    <div className="workspace-switcher inline-form">
      <label className="inline-field">
        <span>Workspace</span>
        <select value={workspaceId ?? ''} onChange={(e) => navigate(boardPath(e.target.value))}>
          {!known && <option value={workspaceId ?? ''}>{workspaceId ? 'This workspace' : 'Choose…'}</option>}
          {workspaces.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => setCreating(true)}>
        New workspace
      </button>
    </div>
  );
}
