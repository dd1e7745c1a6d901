/**
 * `/w/:id/my-work`: my open tasks across the workspace's projects, by due date, overdue first
 * (my-work.ts). Each row is a link to the task's own address, which opens its panel on its board.
 */
import { dayIn, taskKey } from '@taskflow/model';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { useWorkspaceReady } from '../hooks/use-workspace-ready.ts';
import { Link } from '../router/link.tsx';
import { taskAddress } from '../task-panel/task-address.ts';
import { browserTimeZone } from '../time-zones.ts';
import { useWorkspace } from '../workspace-context.ts';
import { dueState, readMyWork } from './my-work.ts';
import './my-work.css';

const DUE_WORDS = { overdue: 'Overdue', today: 'Due today', later: 'Due', none: 'No due date' } as const;

export function MyWorkPage() {
  const { workspace, actorId } = useWorkspace();
  const ready = useWorkspaceReady();
  const items = useDocQuery(workspace.doc, (d) => readMyWork(d, actorId), [actorId]);
  const today = dayIn(Date.now(), browserTimeZone());

  return (
    <main className="main my-work">
      <h1>My work</h1>
      {!ready ? (
        <p className="loading" role="status">
          Opening your workspace…
        </p>
      ) : items.length === 0 ? (
        <p className="empty">
          Nothing is assigned to you. Tasks assigned to you in any project show up here.
        </p>
      ) : (
        <ol className="my-work-list" aria-label="My tasks by due date">
          {items.map(({ task, project }) => {
            const state = dueState(task.deadline, today);
            const key = taskKey(project.key, task).text;
            return (
              <li key={task.id} className={`my-work-item due-${state}`} data-task-id={task.id}>
                <Link className="my-work-link" href={taskAddress(workspace.name, project.key, task)}>
                  <span className="my-work-key">{key}</span>{' '}
                  <span className="my-work-title">{task.title}</span>
                </Link>
                <span className="muted my-work-project">{project.name}</span>
                <span className="my-work-due">
                  {DUE_WORDS[state]}
                  {state !== 'none' && state !== 'today' && task.deadline && ` ${task.deadline.slice(0, 10)}`}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </main>
  );
}
