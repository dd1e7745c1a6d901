/** What happened to a task (reminders fired, changes), from the server; shown only when it answers. */
import type { Task } from '@taskflow/model';
import { useEffect, useState } from 'react';
import { useSessionObject } from '../session/use-session.ts';
import { personName, useWorkspace } from '../workspace-context.ts';
import { type ActivityEntry, fetchActivity } from './recurrence.ts';

export function TaskActivity({ task }: { task: Task }) {
  const session = useSessionObject();
  const { people, workspace } = useWorkspace();
  const [activity, setActivity] = useState<ActivityEntry[] | null>(null);

  // `task` is read afresh on every document change (useDocQuery in task-detail.tsx): each read,
  // after an edit here, from elsewhere or by the server, refetches (debounced).
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      fetchActivity(session, workspace.name, task.id).then(
        (a) => live && setActivity(a),
        () => undefined, // Offline or not yet served: the section stays as it was.
      );
    }, 500);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [session, workspace.name, task]);

  if (activity === null) return null;
  return (
    <section className="activity" aria-label="Activity">
      <h3>Activity</h3>
      {activity.length === 0 && <p className="muted">Nothing yet.</p>}
      <ol className="activity-list">
        {activity.map((a, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: entries have no id and never reorder.
          <li key={i}>
            <time dateTime={new Date(a.at).toISOString()}>{new Date(a.at).toLocaleString()}</time>{' '}
            {a.by && <strong>{personName(people, a.by)}</strong>} {a.text}
          </li>
        ))}
      </ol>
    </section>
  );
}
