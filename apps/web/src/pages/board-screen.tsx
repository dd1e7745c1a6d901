/**
 * The board view of a workspace: one project's board — live, or as it was at a chosen moment
 * (history/as-of-view.tsx), read-only. While the local copy of the document loads, the board is
 * painted from its snapshot (snapshot/board-snapshot.ts), inert and marked busy: nothing that
 * needs the document can be started until it is there, so no edit is made against an empty one.
 * The same components then show the live board, so the swap keeps every element in place.
 */
import { readTask } from '@taskflow/model';
import { useEffect, useState } from 'react';
import { canEdit, isAdmin, type Role } from '../api/schemas.ts';
import { BoardPage } from '../components/board-page.tsx';
import { LostMoveNotices } from '../components/lost-move-notices.tsx';
import { ProjectSwitcher } from '../components/project-switcher.tsx';
import { AsOfEntry } from '../history/as-of-entry.tsx';
import { AsOfView } from '../history/as-of-view.tsx';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { useWorkspaceProject } from '../hooks/use-workspace-project.ts';
import { useLocation } from '../router/navigation.ts';
import { userKey } from '../session/storage-keys.ts';
import { useStoredSnapshot } from '../snapshot/use-board-snapshot.ts';
import { useWorkspace } from '../workspace-context.ts';

export function BoardScreen({ role }: { role: Role | undefined }) {
  const { workspace, readOnly, actorId } = useWorkspace();
  const [showArchived, setShowArchived] = useState(false);
  /** A moment in the past to show instead of the live board. */
  const [asOf, setAsOf] = useState<Date | null>(null);
  const { doc } = workspace;

  const { ready, projects: liveProjects, project: liveProject, chooseProject } = useWorkspaceProject();
  // The project this person last chose here (use-current-project.ts keeps it), or any with a snapshot.
  const stored = useStoredSnapshot(
    workspace,
    actorId,
    localStorage.getItem(userKey(actorId, 'project', workspace.name)),
    !ready,
  );
  const snapshot = ready ? null : stored.snapshot;
  const projects = snapshot ? snapshot.projects : liveProjects;
  const project = snapshot ? snapshot.board.project : liveProject;
  // `?task=<id>` (a notification's link): show that task's project, and its details there.
  const here = useLocation();
  const linkedTaskId = new URLSearchParams(here.split('?')[1] ?? '').get('task');
  // Read again on every document change: a task that arrives by sync is found then.
  const linkedProjectId = useDocQuery(
    doc,
    (d) => (linkedTaskId ? (readTask(d, linkedTaskId)?.projectId ?? null) : null),
    [linkedTaskId],
  );
  useEffect(() => {
    if (linkedProjectId && linkedProjectId !== project?.id) chooseProject(linkedProjectId);
  }, [linkedProjectId, project?.id, chooseProject]);

  if (!ready && !snapshot) {
    return (
      <p className="loading" role="status">
        Opening your workspace…
      </p>
    );
  }

  if (asOf) {
    return (
      <>
        <AsOfView
          at={asOf}
          onChangeAt={setAsOf}
          onBack={() => setAsOf(null)}
          projectId={project?.id ?? null}
          canRestoreAll={!readOnly && isAdmin(role)}
          canRestoreTasks={!readOnly && canEdit(role)}
        />
        <LostMoveNotices />
      </>
    );
  }

  return (
    <>
      <div className="board-toolbar" inert={!ready} aria-busy={!ready}>
        <ProjectSwitcher projects={projects} project={project} onChoose={chooseProject} />
        <button type="button" aria-pressed={showArchived} onClick={() => setShowArchived((v) => !v)}>
          {showArchived ? 'Hide archived' : 'Show archived'}
        </button>
        <AsOfEntry onView={setAsOf} />
        {readOnly && (
          <span className="muted">You can look but not change anything: your role is viewer.</span>
        )}
        {!ready && (
          <span className="muted" role="status">
            Opening… the board as you last saw it
          </span>
        )}
      </div>
      <main className="main" inert={!ready} aria-busy={!ready}>
        {project ? (
          <BoardPage
            key={project.id}
            projectId={project.id}
            showArchived={showArchived}
            snapshot={snapshot}
            linkedTaskId={linkedProjectId === project.id ? linkedTaskId : null}
          />
        ) : (
          <p className="empty">
            This workspace has no projects on this device yet. It gets its first project from the server the
            first time you connect{readOnly ? '.' : '; you can also create one now with “New project”.'}
          </p>
        )}
      </main>
      <LostMoveNotices />
    </>
  );
}
