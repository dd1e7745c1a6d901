/** One project's board: columns with their tasks, the archived view, and the open task's details. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { BoardStore } from '../board/board-store.ts';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { navigate } from '../router/navigation.ts';
import { UndoButtons } from '../undo/undo-buttons.tsx';
import { useWorkspace } from '../workspace-context.ts';
import { AddColumnForm } from './add-column-form.tsx';
import { ArchivedPanel } from './archived-panel.tsx';
import { BoardView } from './board-view.tsx';
import { TaskDetail } from './task-detail.tsx';

type Props = {
  projectId: string;
  showArchived: boolean;
  /** A task of this project named in the address (`?task=`): opened once, then the address is cleaned. */
  linkedTaskId?: string | null;
};

export function BoardPage({ projectId, showArchived, linkedTaskId = null }: Props) {
  const { workspace, readOnly } = useWorkspace();
  const [openTaskId, setOpenTaskId] = useState<string | null>(null);
  const store = useMemo(() => new BoardStore(workspace.doc, projectId), [workspace.doc, projectId]);
  useEffect(() => {
    store.attach();
    return () => store.detach();
  }, [store]);
  // The store follows the document itself; the query only asks it again after each change.
  const board = useDocQuery(workspace.doc, () => store.get(), [store]);
  const openTask = useCallback((id: string) => setOpenTaskId(id), []);
  useEffect(() => {
    if (!linkedTaskId) return;
    setOpenTaskId(linkedTaskId);
    navigate(location.pathname, { replace: true });
  }, [linkedTaskId]);

  if (!board) return <p className="empty">This project no longer exists.</p>;

  return (
    <>
      <UndoButtons />
      <div className="board-scroll">
        <BoardView board={board} onOpenTask={openTask} />
        {!readOnly && <AddColumnForm projectId={projectId} />}
      </div>
      {showArchived && <ArchivedPanel board={board} onOpenTask={openTask} />}
      {openTaskId && <TaskDetail taskId={openTaskId} board={board} onClose={() => setOpenTaskId(null)} />}
    </>
  );
}
