/** The workspace's archived projects, each with Restore (archiving keeps everything in a project). */
import { archiveProject, type Project } from '@taskflow/model';
import { useId } from 'react';
import { attempt } from '../hooks/use-error-banner.ts';
import { useWorkspace } from '../workspace-context.ts';
import './project-lifecycle.css';
import { useModal } from './use-modal.ts';

type Props = { projects: readonly Project[]; onRestored: (id: string) => void; onClose: () => void };

export function ArchivedProjects({ projects, onRestored, onClose }: Props) {
  const { workspace, editor } = useWorkspace();
  const ref = useModal();
  const titleId = useId();
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>Archived projects</h2>
      <ul className="plain-list">
        {projects.map((p) => (
          <li key={p.id} className="archived-project">
            <span>
              {p.name} <span className="muted">({p.key})</span>
            </span>
            <button
              type="button"
              onClick={() =>
                attempt(() => archiveProject(workspace.doc, editor, p.id, false)) && onRestored(p.id)
              }
            >
              Restore {p.name}
            </button>
          </li>
        ))}
      </ul>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
