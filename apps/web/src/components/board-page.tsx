/**
 * One project's board: columns with their tasks, the archived view, and the open task's details.
 * A Scrum project's board shows only the active sprint's tasks (SPEC M22), or points to the
 * backlog when no sprint is active; the filter bar (filters/) keeps the tasks that match.
 */
import { readTask, type Task } from '@taskflow/model';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { BoardStore } from '../board/board-store.ts';
import { FilterBar } from '../filters/filter-bar.tsx';
import { countTasks, filterSource, useBoardTaskFilter } from '../filters/use-board-filter.ts';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { boardFilter, inSprint, NewTaskSprintContext } from '../planning/board-scope.ts';
import { CompleteSprintDialog } from '../planning/complete-sprint-dialog.tsx';
import { SprintBar } from '../planning/sprint-bar.tsx';
import { ProjectKeyContext } from '../planning/task-key.tsx';
import { useSprints } from '../planning/use-sprints.ts';
import { Link } from '../router/link.tsx';
import { backlogPath } from '../router/route.ts';
import type { BoardSnapshot } from '../snapshot/board-snapshot.ts';
import { useSnapshotWriter } from '../snapshot/use-board-snapshot.ts';
import { closeTaskPanel, openTaskAt, taskAddress } from '../task-panel/task-address.ts';
import { withViewQuery } from '../task-panel/view-query.ts';
import { UndoButtons } from '../undo/undo-buttons.tsx';
import { useWorkspace, WorkspaceContext } from '../workspace-context.ts';
import { AddColumnForm } from './add-column-form.tsx';
import { ArchivedPanel } from './archived-panel.tsx';
import { BoardView } from './board-view.tsx';
import { TaskDetail } from './task-detail.tsx';

type Props = {
  projectId: string;
  showArchived: boolean;
  /** The task of this project the address names (task-panel/task-address.ts): its panel is open. */
  openTaskId?: string | null;
  /** Shown while the document loads (board-screen.tsx); null once it is there. */
  snapshot?: BoardSnapshot | null;
};

export function BoardPage({ projectId, showArchived, openTaskId = null, snapshot = null }: Props) {
  const context = useWorkspace();
  const { workspace, readOnly, actorId, people } = context;
  const [completing, setCompleting] = useState<string | null>(null);
  const store = useMemo(() => new BoardStore(workspace.doc, projectId), [workspace.doc, projectId]);
  useEffect(() => {
    store.attach();
    return () => store.detach();
  }, [store]);
  // The store follows the document itself; the query only asks it again after each change.
  const liveBoard = useDocQuery(workspace.doc, () => store.get(), [store]);
  const board = snapshot ? snapshot.board : liveBoard;
  // Opening a task is going to its address; the board screen reads it back into `openTaskId`.
  const projectKeyNow = board?.project.key ?? null;
  const openTask = useCallback(
    (id: string) => {
      const task = readTask(workspace.doc, id);
      // The filter stays in the address beside the task, so the board behind the panel stays filtered.
      if (task) openTaskAt(withViewQuery(taskAddress(workspace.name, projectKeyNow, task), location.search));
    },
    [workspace.doc, workspace.name, projectKeyNow],
  );
  const closeTask = useCallback(() => closeTaskPanel(workspace.name), [workspace.name]);

  const scrum = board?.project.mode === 'scrum';
  const projectKey = board?.project.key ?? '';
  const liveSprints = useSprints(workspace.doc, scrum ? projectId : null);
  const sprints = snapshot ? snapshot.sprints : liveSprints;
  useSnapshotWriter({
    userId: actorId,
    workspaceId: workspace.name,
    doc: workspace.doc,
    board: snapshot ? undefined : liveBoard,
    sprints: liveSprints,
    people,
  });
  // Before the document is there, names come from the snapshot too (a card's avatar stays put).
  const shownContext = useMemo(
    () => (snapshot ? { ...context, people: { ...snapshot.people, ...people } } : context),
    [snapshot, context, people],
  );
  const active = scrum ? (sprints.find((s) => s.state === 'active') ?? null) : null;
  // The filter bar's filter (filters/, in the address) on top of the sprint's scope.
  const taskFilter = useBoardTaskFilter(actorId, projectKey, sprints, board);
  const { matcher, active: filtering } = taskFilter;
  const scope = useMemo(() => (active ? inSprint(sprints, active.id) : null), [active, sprints]);
  const filter = useMemo(() => {
    if (!scope && !filtering) return null;
    return boardFilter((t: Task) => (!scope || scope(t)) && (!filtering || matcher(t)));
  }, [scope, filtering, matcher]);
  const shown = useMemo(() => (board && filter ? filter(board) : board), [board, filter]);
  const source = useMemo(() => filterSource(board, scope), [board, scope]);

  if (!board || !shown) return <p className="empty">This project no longer exists.</p>;

  return (
    <WorkspaceContext.Provider value={shownContext}>
      <ProjectKeyContext.Provider value={board.project.key}>
        <NewTaskSprintContext.Provider value={active?.id ?? null}>
          <div className="board-actions">
            <UndoButtons />
            {(!scrum || active) && (
              <FilterBar
                projectId={projectId}
                filter={taskFilter}
                source={source}
                sprints={sprints.filter((s) => s.state !== 'closed')}
                shown={countTasks(shown)}
                total={source.total}
              />
            )}
          </div>
          {scrum && active && <SprintBar sprint={active} onComplete={setCompleting} />}
          {scrum && !active ? (
            <div className="empty sprint-empty" role="note">
              <p>
                <strong>No sprint is active.</strong> A Scrum board shows the tasks of the active sprint.
              </p>
              <Link className="button primary" href={backlogPath(workspace.name)}>
                Plan and start a sprint in the backlog
              </Link>
            </div>
          ) : (
            <div className="board-scroll">
              <BoardView board={shown} onOpenTask={openTask} />
              {!readOnly && <AddColumnForm projectId={projectId} />}
            </div>
          )}
          {showArchived && !snapshot && <ArchivedPanel board={board} onOpenTask={openTask} />}
          {completing && (
            <CompleteSprintDialog
              projectId={projectId}
              sprintId={completing}
              onClose={() => setCompleting(null)}
            />
          )}
          {openTaskId && !snapshot && <TaskDetail taskId={openTaskId} board={board} onClose={closeTask} />}
        </NewTaskSprintContext.Provider>
      </ProjectKeyContext.Provider>
    </WorkspaceContext.Provider>
  );
}
