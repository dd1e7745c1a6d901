/**
 * The app header's "⏱ WEB-12 00:12:34 [Stop]": my running timer, on every page of the workspace,
 * in every tab and on every device signed in as me, because the timer lives in the document (SPEC
 * M23). Stopping it here logs the time, as stopping it in the task panel does.
 */
import { stopTimer } from '@taskflow/model';
import { useContext } from 'react';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { attempt } from '../hooks/use-error-banner.ts';
import { Link } from '../router/link.tsx';
import { taskPath } from '../router/route.ts';
import { WorkspaceContext, type WorkspaceContextValue } from '../workspace-context.ts';
import { formatClock } from './duration.ts';
import { taskKeyOf } from './task-key-text.ts';
import { useMyTimer, useNow } from './use-timer.ts';

/** Nothing outside a workspace (home, settings): a timer belongs to one workspace's document. */
export function RunningTimer() {
  const context = useContext(WorkspaceContext);
  return context ? <RunningTimerIn context={context} /> : null;
}

function RunningTimerIn({ context }: { context: WorkspaceContextValue }) {
  const { workspace, actorId, editor, readOnly } = context;
  const doc = workspace.doc;
  const timer = useMyTimer(doc, actorId);
  const taskId = timer?.taskId ?? null;
  const key = useDocQuery(doc, (d) => (taskId ? taskKeyOf(d, taskId) : null), [taskId]);
  const now = useNow(timer !== null);
  if (!timer) return null;
  const elapsed = formatClock(now - timer.startedAt);
  return (
    <section className="running-timer" aria-label="Running timer">
      <span aria-hidden="true">⏱</span>
      <Link
        href={taskPath(workspace.name, timer.taskId)}
        className="running-timer-task"
        title={key?.title ?? 'A task no longer here'}
        data-key-final={key ? String(key.final) : undefined}
      >
        {key?.text ?? 'Removed task'}
      </Link>
      <span className="running-timer-clock" role="timer" aria-label="Elapsed time">
        {elapsed}
      </span>
      {!readOnly && (
        <button type="button" className="small" onClick={() => attempt(() => stopTimer(doc, editor))}>
          Stop
        </button>
      )}
    </section>
  );
}
