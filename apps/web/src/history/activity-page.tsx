/**
 * `/w/:id/activity`: everything that happened in the workspace, newest first, filtered by person,
 * project, kind and time range, paged with "Load more". Each task's entry links to the task on its
 * board. The pages shown are read again (debounced) after document changes, so the list is live.
 */
import { readProjects, readTask } from '@taskflow/model';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { useSyncStatus } from '../hooks/use-sync-status.ts';
import { Link } from '../router/link.tsx';
import { taskPath } from '../router/route.ts';
import { useSessionObject } from '../session/use-session.ts';
import { useWorkspace } from '../workspace-context.ts';
import { ActivityEntry } from './activity-entry.tsx';
import {
  type FilterForm,
  KIND_GROUPS,
  NO_FILTERS,
  personOptions,
  toActivityFilters,
} from './activity-filters.ts';
import { type FetchPage, loadMore, loadPages } from './activity-pages.ts';
import { historyApi } from './history-api.ts';
import { useActivityPages } from './use-activity-pages.ts';
import { useHistoryNames } from './use-history-names.ts';

const REFRESH_DELAY_MS = 1000;

type Member = { userId: string; name: string };
/** The members route (members/members-api.ts), handed in: that folder draws on components/, which draws on this one. */
type Props = { workspaceId: string; loadMembers: () => Promise<Member[]> };

export function ActivityPage({ workspaceId, loadMembers }: Props) {
  const session = useSessionObject();
  const { workspace, people } = useWorkspace();
  const doc = workspace.doc;
  const names = useHistoryNames();
  const projects = useDocQuery(doc, readProjects);
  const [members, setMembers] = useState<Member[]>([]);
  const [form, setForm] = useState<FilterForm>(NO_FILTERS);
  const { pages, setPages, error, loading, apply, opened } = useActivityPages();

  useEffect(() => {
    loadMembers().then(setMembers, () => undefined); // Offline: the document's people still fill the list.
  }, [loadMembers]);

  const filters = useMemo(() => toActivityFilters(form), [form]);
  const fetchPage = useMemo<FetchPage>(() => {
    const api = historyApi(session, workspaceId);
    return (cursor) => api.workspaceActivity(filters, cursor);
  }, [session, workspaceId, filters]);

  // New filters start again at the first page.
  useEffect(() => {
    opened.current = 1;
    setPages(null);
    void apply(loadPages(fetchPage, 1));
  }, [fetchPage, apply, opened, setPages]);

  // Live: a document change is an entry on the server a moment later; so is reaching "saved" after
  // offline edits, with no document change here to say so.
  const saved = useSyncStatus(workspace).state === 'saved';
  const wasSaved = useRef(saved);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refreshSoon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void apply(loadPages(fetchPage, opened.current)), REFRESH_DELAY_MS);
    };
    if (saved && !wasSaved.current) refreshSoon();
    wasSaved.current = saved;
    doc.on('update', refreshSoon);
    return () => {
      clearTimeout(timer);
      doc.off('update', refreshSoon);
    };
  }, [doc, fetchPage, apply, saved, opened]);

  const taskIds = useMemo(
    () => [...new Set(pages?.items.flatMap((i) => (i.taskId ? [i.taskId] : [])))],
    [pages],
  );
  const titles = useDocQuery(
    doc,
    (d) => new Map(taskIds.map((id) => [id, readTask(d, id)?.title ?? null] as const)),
    [taskIds],
  );

  const set = (field: keyof FilterForm) => (value: string) => setForm((f) => ({ ...f, [field]: value }));
  const persons = personOptions(members, people);
  const now = new Date();

  return (
    <main className="main activity-page">
      <h1>Activity</h1>
      <form className="activity-filters" aria-label="Filter activity" onSubmit={(e) => e.preventDefault()}>
        <label className="inline-field">
          <span>Person</span>
          <select value={form.actorId} onChange={(e) => set('actorId')(e.target.value)}>
            <option value="">Everyone</option>
            {persons.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>Project</span>
          <select value={form.projectId} onChange={(e) => set('projectId')(e.target.value)}>
            <option value="">All projects</option>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
                {p.archivedAt ? ' (archived)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>Kind</span>
          <select value={form.kind} onChange={(e) => set('kind')(e.target.value)}>
            <option value="">All kinds</option>
            {KIND_GROUPS.map((group) => (
              <optgroup key={group.label} label={group.label}>
                {group.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>From</span>
          <input
            type="datetime-local"
            step={1}
            value={form.since}
            onChange={(e) => set('since')(e.target.value)}
          />
        </label>
        <label className="inline-field">
          <span>To</span>
          <input
            type="datetime-local"
            step={1}
            value={form.until}
            onChange={(e) => set('until')(e.target.value)}
          />
        </label>
        <button
          type="button"
          onClick={() => setForm(NO_FILTERS)}
          disabled={Object.values(form).every((v) => v === '')}
        >
          Clear filters
        </button>
      </form>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {pages === null && !error && (
        <p className="muted" role="status">
          Loading activity…
        </p>
      )}
      {pages?.items.length === 0 && <p className="empty">No activity matches these filters.</p>}
      {pages && pages.items.length > 0 && (
        <ol className="activity-list workspace-activity" aria-label="Activity entries">
          {pages.items.map((item) => {
            const title = item.taskId ? titles.get(item.taskId) : undefined;
            return (
              <ActivityEntry key={item.id} item={item} names={names} now={now}>
                {item.taskId && (
                  <>
                    {' · '}
                    <Link href={taskPath(workspaceId, item.taskId)}>
                      {title ?? 'a task not on this device'}
                    </Link>
                  </>
                )}
              </ActivityEntry>
            );
          })}
        </ol>
      )}
      {pages?.nextCursor && (
        <button
          type="button"
          onClick={() => pages && void apply(loadMore(fetchPage, pages))}
          disabled={loading}
        >
          {loading ? 'Loading…' : 'Load more'}
        </button>
      )}
    </main>
  );
}
