/**
 * Watch a task to hear about its status changes and comments (SPEC M14). The creator and the
 * assignee hear about them anyway; the hint says so, so nobody watches to no effect by mistake.
 */
import { type Task, watchTask } from '@taskflow/model';
import { attempt } from '../hooks/use-error-banner.ts';
import { personName, useWorkspace } from '../workspace-context.ts';

export function WatchToggle({ task }: { task: Task }) {
  const { workspace, editor, people, readOnly, actorId } = useWorkspace();
  const watching = task.watchers.includes(actorId);
  const implicit =
    task.createdBy === actorId
      ? 'you created it'
      : task.assignee === actorId
        ? 'it is assigned to you'
        : null;
  const names = task.watchers.map((id) => personName(people, id)).join(', ');
  return (
    <div className="watch">
      <button
        type="button"
        aria-pressed={watching}
        disabled={readOnly}
        title={names ? `Watching: ${names}` : 'Nobody watches this task yet'}
        onClick={() => attempt(() => watchTask(workspace.doc, editor, task.id, !watching))}
      >
        {watching ? 'Watching' : 'Watch'} ({task.watchers.length})
      </button>
      {!watching && implicit && <span className="muted"> You are told anyway: {implicit}.</span>}
    </div>
  );
}
