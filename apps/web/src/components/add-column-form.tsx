import { addColumn } from '@taskflow/model';
import { type FormEvent, useState } from 'react';
import { attempt } from '../hooks/use-error-banner.ts';
import { useWorkspace } from '../workspace-context.ts';

export function AddColumnForm({ projectId }: { projectId: string }) {
  const { workspace, editor } = useWorkspace();
  const [name, setName] = useState('');

  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    if (attempt(() => addColumn(workspace.doc, editor, { projectId, name }))) setName('');
  };

  return (
    <form className="add-column" onSubmit={add}>
      <input
        aria-label="New column name"
        placeholder="Add a column…"
        value={name}
        onChange={(e) => setName(e.target.value)}
        maxLength={120}
      />
      <button type="submit" disabled={!name.trim()}>
        Add column
      </button>
    </form>
  );
}
