/**
 * The board "as of" a moment: a banner saying which moment, a picker and a slider over the last
 * week to choose it, the past board read-only, one button back to now, and — for those allowed —
 * restoring the project, the workspace or one task to that moment.
 */
import { useMemo, useState } from 'react';
import { useSessionObject } from '../session/use-session.ts';
import { useWorkspace } from '../workspace-context.ts';
import {
  historyApi,
  type PastBoard as PastBoardData,
  type PastTask,
  type RestoreScope,
} from './history-api.ts';
import {
  fromLocalInput,
  momentText,
  SLIDER_DAYS,
  sliderInstant,
  sliderRange,
  sliderValue,
  toLocalInput,
} from './local-time-input.ts';
import { PastBoard, PastTaskDialog } from './past-board.tsx';
import { RestoreControl } from './restore-control.tsx';
import { useBoardAt } from './use-board-at.ts';

type Props = {
  at: Date;
  onChangeAt: (at: Date) => void;
  onBack: () => void;
  /** The project the live board shows: shown here too when it existed then. */
  projectId: string | null;
  /** Owners and admins restore a project or the workspace; members only tasks. */
  canRestoreAll: boolean;
  canRestoreTasks: boolean;
};

function shownProject(board: PastBoardData | null, wanted: string | null) {
  if (!board) return undefined;
  return board.projects.find((p) => p.id === wanted) ?? board.projects.find((p) => !p.archived);
}

export function AsOfView({ at, onChangeAt, onBack, projectId, canRestoreAll, canRestoreTasks }: Props) {
  const session = useSessionObject();
  const { workspace } = useWorkspace();
  const api = useMemo(() => historyApi(session, workspace.name), [session, workspace.name]);
  // The slider's right end is the moment the view opened, so it does not creep while one scrubs.
  const [opened] = useState(() => new Date());
  const range = sliderRange(opened);
  const [chosenProject, setChosenProject] = useState(projectId);
  const [scope, setScope] = useState<'project' | 'workspace'>('project');
  const [openTask, setOpenTask] = useState<PastTask | null>(null);
  const { board, error, loading } = useBoardAt(api, at);
  const project = shownProject(board, chosenProject);
  const boardAt = board ? new Date(board.at) : at;
  const restoreScope: RestoreScope = scope === 'project' && project ? { projectId: project.id } : {};

  return (
    <>
      <section className="as-of-banner" aria-label="History view">
        <p className="as-of-title" role="status">
          <strong>Viewing the board as of {momentText(at)}</strong>
          {loading && <span className="muted"> · loading…</span>}
        </p>
        <div className="as-of-controls">
          <label className="inline-field">
            <span>As of</span>
            <input
              type="datetime-local"
              step={1}
              value={toLocalInput(at)}
              max={toLocalInput(new Date())}
              onChange={(e) => {
                const picked = fromLocalInput(e.target.value);
                if (picked) onChangeAt(picked);
              }}
            />
          </label>
          <label className="inline-field as-of-slider">
            <span>Last {SLIDER_DAYS} days</span>
            <input
              type="range"
              min={range.min}
              max={range.max}
              step={1}
              value={sliderValue(at, range)}
              aria-valuetext={momentText(at)}
              onChange={(e) => onChangeAt(sliderInstant(Number(e.target.value), range, opened))}
            />
          </label>
          {board && board.projects.length > 1 && (
            <label className="inline-field">
              <span>Project</span>
              <select value={project?.id ?? ''} onChange={(e) => setChosenProject(e.target.value)}>
                {board.projects.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                    {p.archived ? ' (archived then)' : ''}
                  </option>
                ))}
              </select>
            </label>
          )}
          <span className="spacer" />
          {canRestoreAll && board && (
            <>
              <label className="inline-field">
                <span>Restore</span>
                <select
                  value={scope}
                  onChange={(e) => setScope(e.target.value === 'workspace' ? 'workspace' : 'project')}
                >
                  {project && <option value="project">This project</option>}
                  <option value="workspace">Whole workspace</option>
                </select>
              </label>
              <RestoreControl
                api={api}
                at={boardAt}
                scope={restoreScope}
                label="Restore to this moment"
                onRestored={onBack}
              />
            </>
          )}
          <button type="button" className="primary" onClick={onBack}>
            Back to now
          </button>
        </div>
      </section>
      <main className="main">
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        {board && !project && <p className="empty">There were no projects at that moment.</p>}
        {board && project && (
          <PastBoard
            project={project}
            label={`Board as of ${momentText(boardAt)}`}
            onOpenTask={setOpenTask}
          />
        )}
      </main>
      {openTask && (
        <PastTaskDialog
          task={openTask}
          columnName={project?.columns.find((c) => c.id === openTask.columnId)?.name ?? '—'}
          when={momentText(boardAt)}
          onClose={() => setOpenTask(null)}
        >
          {canRestoreTasks && (
            <RestoreControl
              api={api}
              at={boardAt}
              scope={{ taskIds: [openTask.id] }}
              label="Restore this task to this moment"
              onRestored={onBack}
            />
          )}
        </PastTaskDialog>
      )}
    </>
  );
}
