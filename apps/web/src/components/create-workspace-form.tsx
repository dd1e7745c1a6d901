/** Creates a workspace on the server (it needs the network: the server owns workspaces and seeds them). */
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../api/api-error.ts';
import { navigate } from '../router/navigation.ts';
import { boardPath } from '../router/route.ts';
import { useSessionObject } from '../session/use-session.ts';
import { FormError } from '../ui/form-error.tsx';

type Props = { onCancel?: () => void; autoFocus?: boolean };

export function CreateWorkspaceForm({ onCancel, autoFocus = false }: Props) {
  const session = useSessionObject();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const created = await session.createWorkspace(name.trim());
      setName('');
      onCancel?.();
      navigate(boardPath(created.id));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="inline-form create-workspace" onSubmit={create}>
      <input
        aria-label="Workspace name"
        placeholder="Workspace name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        maxLength={120}
        // biome-ignore lint/a11y/noAutofocus: opened by the person's click on "New workspace".
        autoFocus={autoFocus}
      />
      <button type="submit" className="primary" disabled={busy || !name.trim()}>
        Create workspace
      </button>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
      <FormError error={error} />
    </form>
  );
}
