/** What happened to a task (reminders fired, changes), from the server; shown only when it answers. */
import { useEffect, useState } from 'react';
import { useSessionObject } from '../session/use-session.ts';
import { personName, useWorkspace } from '../workspace-context.ts';
import { type ActivityEntry, fetchActivity } from './recurrence.ts';

export function TaskActivity({ taskId, version }: { taskId: string; version: number }) {
  const session = useSessionObject();
  const { people, workspace } = useWorkspace();
  const [activity, setActivity] = useState<ActivityEntry[] | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` refetches after edits to the task.
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      fetchActivity(session, workspace.name, taskId).then(
        (a) => live && setActivity(a),
        () => undefined, // Offline or not yet served: the section stays as it was.
      );
    }, 500);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [session, workspace.name, taskId, version]);

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
