/**
 * The task panel's History: every change to the task, oldest first, paged, and live. `task` is read
 * afresh on every document change (useDocQuery in task-detail.tsx), so each change — made here,
 * by someone else, or by the server — refetches the pages shown, debounced: the server writes the
 * entry when the update arrives, a moment after the document here changed. Reaching "saved" again
 * refetches too: my offline edits arrive then, with no document change here to say so.
 */
import type { Task } from '@taskflow/model';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useSyncStatus } from '../hooks/use-sync-status.ts';
import { useSessionObject } from '../session/use-session.ts';
import { useWorkspace } from '../workspace-context.ts';
import { ActivityEntry } from './activity-entry.tsx';
import { type FetchPage, loadMore, loadPages } from './activity-pages.ts';
import { historyApi } from './history-api.ts';
import { useActivityPages } from './use-activity-pages.ts';
import { useHistoryNames } from './use-history-names.ts';

const REFRESH_DELAY_MS = 500;

export function TaskHistory({ task }: { task: Task }) {
  const session = useSessionObject();
  const { workspace } = useWorkspace();
  const names = useHistoryNames();
  const saved = useSyncStatus(workspace).state === 'saved';
  const taskId = task.id;
  const fetchPage = useMemo<FetchPage>(() => {
    const api = historyApi(session, workspace.name);
    return (cursor) => api.taskActivity(taskId, cursor);
  }, [session, workspace.name, taskId]);
  const { pages, error, apply, opened } = useActivityPages();
  const [loadingMore, setLoadingMore] = useState(false);
  const first = useRef(true);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `task` and `saved` are the triggers (see the header).
  useEffect(() => {
    const delay = first.current ? 0 : REFRESH_DELAY_MS;
    first.current = false;
    const timer = setTimeout(() => void apply(loadPages(fetchPage, opened.current)), delay);
    return () => clearTimeout(timer);
  }, [fetchPage, apply, task, saved]);

  const showMore = () => {
    if (!pages) return;
    setLoadingMore(true);
    void apply(loadMore(fetchPage, pages)).finally(() => setLoadingMore(false));
  };

  const now = new Date();
  return (
    <section className="activity history" aria-label="History">
      {error && (
        <p className="field-error" role="alert">
          History is not available right now: {error}
        </p>
      )}
      {pages === null && !error && <p className="muted">Loading history…</p>}
      {pages?.items.length === 0 && <p className="muted">Nothing yet.</p>}
      {pages && pages.items.length > 0 && (
        <ol className="activity-list history-list">
          {pages.items.map((item) => (
            <ActivityEntry key={item.id} item={item} names={names} now={now} />
          ))}
        </ol>
      )}
      {pages?.nextCursor && (
        <button type="button" onClick={showMore} disabled={loadingMore}>
          {loadingMore ? 'Loading…' : 'Show more'}
        </button>
      )}
    </section>
  );
}
