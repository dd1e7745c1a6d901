/**
 * The board view of a workspace: one project's board — live, or as it was at a chosen moment
 * (history/as-of-view.tsx), read-only. While the local copy of the document loads, the board is
 * painted from its snapshot (snapshot/board-snapshot.ts), marked busy: it can be read, and a card
 * opened (the panel opens once the document is there), but nothing that writes can be started
 * until it is there (snapshot-guard.ts), so no edit is made against an empty document. The
 * toolbar stays inert meanwhile. The same components then show the live board, so the swap keeps
 * every element in place.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { canEdit, isAdmin, type Role } from '../api/schemas.ts';
import { BoardPage } from '../components/board-page.tsx';
import { LostMoveNotices } from '../components/lost-move-notices.tsx';
import { ProjectSwitcher } from '../components/project-switcher.tsx';
import { LostEditNotices } from '../conflicts/lost-edit-notices.tsx';
import { AsOfEntry } from '../history/as-of-entry.tsx';
import { AsOfView } from '../history/as-of-view.tsx';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { useWorkspaceProject } from '../hooks/use-workspace-project.ts';
import { navigate, useLocation } from '../router/navigation.ts';
import { boardPath } from '../router/route.ts';
import { userKey } from '../session/storage-keys.ts';
import { useStoredSnapshot } from '../snapshot/use-board-snapshot.ts';
import { NoSuchTask } from '../task-panel/no-such-task.tsx';
import { openTaskAt, queryTask, readLinkedTask, taskAddress } from '../task-panel/task-address.ts';
import { withViewQuery } from '../task-panel/view-query.ts';
import { useWorkspace } from '../workspace-context.ts';
import { useSnapshotGuard } from './snapshot-guard.ts';

/** `taskKey`: the key a browse address names (`/w/<ws>/browse/WEB-12`): that task's panel is open. */
export function BoardScreen({ role, taskKey = null }: { role: Role | undefined; taskKey?: string | null }) {
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
  // The open task is the address's: a browse key, or `?task=<id>` (a notification's link, or a
  // task the server has not numbered yet). Its project is shown, and its panel open there.
  const here = useLocation();
  const linkedTaskId = taskKey ? null : queryTask(here.split('?')[1] ?? '');
  // Read again on every document change: a task that arrives by sync is found then.
  const linked = useDocQuery(doc, (d) => readLinkedTask(d, workspace.name, taskKey, linkedTaskId), [
    workspace.name,
    taskKey,
    linkedTaskId,
  ]);
  const linkedProjectId = linked?.projectId ?? null;
  // The rest of the query (the filter) stays beside the task's own address.
  const linkedAddress = linked ? withViewQuery(linked.address, here.split('?')[1] ?? '') : null;
  // A `?task=` link to a numbered task becomes its browse address, in place.
  useEffect(() => {
    if (linkedAddress && linkedAddress !== here) navigate(linkedAddress, { replace: true });
  }, [linkedAddress, here]);
  // A newly linked task brings its project to the board; choosing another project while a task
  // is open closes the panel instead of pulling the board back to the task's project.
  const shownFor = useRef<string | null>(null);
  const linkedId = linked?.taskId ?? null;
  useEffect(() => {
    if (!linkedId || !linkedProjectId) {
      shownFor.current = null;
      return;
    }
    if (linkedProjectId === project?.id) shownFor.current = linkedId;
    else if (shownFor.current !== linkedId) chooseProject(linkedProjectId);
    else navigate(boardPath(workspace.name), { replace: true });
  }, [linkedId, linkedProjectId, project?.id, chooseProject, workspace.name]);
  const choose = useCallback(
    (id: string) => {
      chooseProject(id);
      if (linkedProjectId && id !== linkedProjectId) navigate(boardPath(workspace.name), { replace: true });
    },
    [chooseProject, linkedProjectId, workspace.name],
  );

  // Before the document, a card's "Open" goes to its address from the snapshot's row; the panel
  // opens from that address once the document is there (the effects above).
  const main = useRef<HTMLElement>(null);
  const openFromSnapshot = useCallback(
    (taskId: string) => {
      if (!snapshot) return;
      const task = snapshot.board.columns.flatMap((c) => c.tasks).find((t) => t.id === taskId);
      const address = task ? taskAddress(workspace.name, snapshot.board.project.key, task) : null;
      if (address) openTaskAt(withViewQuery(address, location.search));
    },
    [snapshot, workspace.name],
  );
  useSnapshotGuard(main, snapshot !== null, openFromSnapshot);

  if (!ready && !snapshot) {
    return (
      <p className="loading" role="status">
        Opening your workspace…
      </p>
    );
  }

  if (ready && taskKey && !linked) return <NoSuchTask taskKey={taskKey} />;

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
        <LostEditNotices />
      </>
    );
  }

  return (
    <>
      <div className="board-toolbar" inert={!ready} aria-busy={!ready}>
        <ProjectSwitcher
          projects={projects}
          project={project}
          onChoose={choose}
          canDeleteProjects={!readOnly && isAdmin(role)}
        />
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
      <main ref={main} className="main" aria-busy={!ready}>
        {project ? (
          <BoardPage
            key={project.id}
            projectId={project.id}
            showArchived={showArchived}
            snapshot={snapshot}
            openTaskId={linkedProjectId === project.id ? linkedId : null}
          />
        ) : (
          <p className="empty">
            This workspace has no projects on this device yet. It gets its first project from the server the
            first time you connect{readOnly ? '.' : '; you can also create one now with “New project”.'}
          </p>
        )}
      </main>
      <LostMoveNotices />
      <LostEditNotices />
    </>
  );
}
