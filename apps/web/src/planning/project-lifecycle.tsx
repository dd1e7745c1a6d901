/**
 * Archive, restore and delete a project (issue 14: "rename and archive projects in the UI; delete,
 * not only archive, with confirmation"). Archiving hides a project from the switcher and keeps
 * everything in it; deleting removes it and every task in it for everyone, so it asks for the
 * project's key to be typed, and is offered to owners and admins only (the server holds sync to
 * the same rule). Undo (Ctrl+Z) brings either back.
 */
import { archiveProject, deleteProject, type Project } from '@taskflow/model';
import { useState } from 'react';
import { attempt } from '../hooks/use-error-banner.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { useWorkspace } from '../workspace-context.ts';
import './project-lifecycle.css';

type Props = { project: Project; canDelete: boolean; onDone: () => void };

export function ProjectLifecycle({ project, canDelete, onDone }: Props) {
  const { workspace, editor } = useWorkspace();
  const [asking, setAsking] = useState<'archive' | 'delete' | null>(null);
  const [typed, setTyped] = useState('');
  const doc = workspace.doc;
  const archived = project.archivedAt !== null;
  return (
    <div className="project-lifecycle">
      {archived ? (
        <button
          type="button"
          onClick={() => attempt(() => archiveProject(doc, editor, project.id, false)) && onDone()}
        >
          Restore project
        </button>
      ) : (
        <button type="button" className="danger" onClick={() => setAsking('archive')}>
          Archive project
        </button>
      )}
      {canDelete && (
        <button type="button" className="danger" onClick={() => setAsking('delete')}>
          Delete project
        </button>
      )}
      {asking === 'archive' && (
        <ConfirmDialog
          title={`Archive ${project.name}?`}
          confirmLabel="Archive project"
          danger
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            setAsking(null);
            if (attempt(() => archiveProject(doc, editor, project.id))) onDone();
          }}
        >
          <p>
            It leaves the project list for everyone; its board, tasks and history are kept. Restore it from
            “Archived projects”.
          </p>
        </ConfirmDialog>
      )}
      {asking === 'delete' && (
        <ConfirmDialog
          title={`Delete ${project.name}?`}
          confirmLabel="Delete project"
          danger
          confirmDisabled={typed.trim().toUpperCase() !== project.key}
          onCancel={() => {
            setAsking(null);
            setTyped('');
          }}
          onConfirm={() => {
            setAsking(null);
            if (attempt(() => deleteProject(doc, editor, project.id))) onDone();
          }}
        >
          <p>
            The project and every task in it leave every board, list, search and report, for everyone. Undo
            (Ctrl+Z) brings them back; archiving keeps them instead.
          </p>
          <label className="field">
            <span>Type the project key, {project.key}, to delete it</span>
            <input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
          </label>
        </ConfirmDialog>
      )}
    </div>
  );
}
