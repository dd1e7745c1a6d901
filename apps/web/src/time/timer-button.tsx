/**
 * Start or stop my timer from the task panel. One timer per person (SPEC M23): starting here while
 * it runs on another task stops that one first and logs it, as the button's hint says.
 */
import { startTimer, stopTimer } from '@taskflow/model';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { attempt } from '../hooks/use-error-banner.ts';
import { useWorkspace } from '../workspace-context.ts';
import { formatClock } from './duration.ts';
import { taskKeyOf } from './task-key-text.ts';
import { useMyTimer, useNow } from './use-timer.ts';

export function TimerButton({ taskId }: { taskId: string }) {
  const { workspace, actorId, editor } = useWorkspace();
  const doc = workspace.doc;
  const timer = useMyTimer(doc, actorId);
  const elsewhere = timer && timer.taskId !== taskId ? timer.taskId : null;
  const elsewhereKey = useDocQuery(doc, (d) => (elsewhere ? taskKeyOf(d, elsewhere) : null), [elsewhere]);
  const here = timer?.taskId === taskId;
  const now = useNow(here);

  if (timer && here) {
    return (
      <div className="timer-control">
        <button type="button" className="primary" onClick={() => attempt(() => stopTimer(doc, editor))}>
          Stop timer
        </button>
        <span className="running-timer-clock" role="timer" aria-label="Timer on this task">
          {formatClock(now - timer.startedAt)}
        </span>
      </div>
    );
  }
  return (
    <div className="timer-control">
      <button
        type="button"
        onClick={() => attempt(() => void startTimer(doc, editor, taskId))}
        title={
          elsewhere
            ? `Stops the timer on ${elsewhereKey?.text ?? 'another task'} and logs it first`
            : undefined
        }
      >
        Start timer
      </button>
      {elsewhere && <span className="muted">Your timer runs on {elsewhereKey?.text ?? 'another task'}.</span>}
    </div>
  );
}
