/**
 * One project's tasks as a table: read from the same incremental board store as the board (so an
 * edit to one task re-reads that task, not 10,000), sorted by the header the person chose, with a
 * selection for bulk actions. Undo and Ctrl+Z take back a whole bulk action in one step: it is one
 * model transaction (bulk.ts).
 */
import { type BulkAction, bulkUpdateTasks, type Task } from '@taskflow/model';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { BoardStore } from '../board/board-store.ts';
import { TaskDetail } from '../components/task-detail.tsx';
import { FilterBar } from '../filters/filter-bar.tsx';
import { filterSource, useBoardTaskFilter } from '../filters/use-board-filter.ts';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { attempt } from '../hooks/use-error-banner.ts';
import { ProjectKeyContext } from '../planning/task-key.tsx';
import { useSprints } from '../planning/use-sprints.ts';
import { useTaskInAddress } from '../task-panel/use-task-in-address.ts';
import { UndoButtons } from '../undo/undo-buttons.tsx';
import { useWorkspace } from '../workspace-context.ts';
import { BulkBar } from './bulk-bar.tsx';
import { listRows, type Sort, sortRows } from './list-rows.ts';
import { ListTable } from './list-table.tsx';
import { EMPTY_SELECTION, keepShown, type Selection } from './selection.ts';
import './list-view.css';

export function ListView({ projectId }: { projectId: string }) {
  const { workspace, editor, people, readOnly, actorId } = useWorkspace();
  const doc = workspace.doc;
  const store = useMemo(() => new BoardStore(doc, projectId), [doc, projectId]);
  useEffect(() => {
    store.attach();
    return () => store.detach();
  }, [store]);
  const board = useDocQuery(doc, () => store.get(), [store]);
  const [sort, setSort] = useState<Sort>(null);
  const [chosen, setChosen] = useState<Selection>(EMPTY_SELECTION);
  const [done, setDone] = useState('');
  const { taskId: openTaskId, open, close } = useTaskInAddress();

  // The filter bar's filter (apps/web/src/filters/), in the address like the board's.
  const sprints = useSprints(doc, projectId);
  const taskFilter = useBoardTaskFilter(actorId, board?.project.key ?? '', sprints, board);
  const filter: ((task: Task) => boolean) | null = taskFilter.active ? taskFilter.matcher : null;
  const source = useMemo(() => filterSource(board ?? undefined, null), [board]);
  const rows = useMemo(() => (board ? listRows(board, people) : []), [board, people]);
  const shown = useMemo(
    () => sortRows(filter ? rows.filter((r) => filter(r.task)) : rows, sort),
    [rows, sort, filter],
  );
  const shownIds = useMemo(() => new Set(shown.map((r) => r.task.id)), [shown]);
  // Archived, filtered out or gone: a task not shown is not acted on.
  const selection = keepShown(chosen, shownIds);

  const apply = useCallback(
    (action: BulkAction, what: string) => {
      const ids = [...selection.ids];
      attempt(() => {
        const result = bulkUpdateTasks(doc, editor, ids, action);
        setDone(`${what}: ${result.changed} of ${ids.length} tasks changed.`);
      });
    },
    [doc, editor, selection],
  );

  if (!board) return <p className="empty">This project no longer exists.</p>;

  return (
    <ProjectKeyContext.Provider value={board.project.key}>
      <div className="list-actions">
        <UndoButtons />
        <FilterBar
          projectId={projectId}
          filter={taskFilter}
          source={source}
          sprints={sprints.filter((s) => s.state !== 'closed')}
          shown={shown.length}
          total={rows.length}
        />
        {/* With a filter on, the filter bar says how many of how many. */}
        {!filter && (
          <span className="muted list-count" role="status" aria-label="Tasks shown">
            {shown.length === 1 ? '1 task' : `${shown.length.toLocaleString()} tasks`}
          </span>
        )}
      </div>
      {!readOnly && selection.ids.size > 0 && (
        <BulkBar
          count={selection.ids.size}
          columns={board.columns}
          people={people}
          labels={[...new Set(rows.flatMap((r) => r.task.labels))].sort()}
          onApply={apply}
          onClear={() => setChosen(EMPTY_SELECTION)}
        />
      )}
      <p className="visually-hidden" role="status" aria-label="Bulk action result">
        {done}
      </p>
      <ListTable
        rows={shown}
        columns={board.columns}
        sort={sort}
        onSort={setSort}
        selection={selection}
        onSelect={setChosen}
        onOpen={open}
      />
      {openTaskId && <TaskDetail taskId={openTaskId} board={board} onClose={close} />}
    </ProjectKeyContext.Provider>
  );
}
