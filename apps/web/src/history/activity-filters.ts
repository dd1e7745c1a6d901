/**
 * The Activity page's filter form and what it asks the server: empty fields are left off, and the
 * time range typed in local wall-clock time becomes instants.
 */
import type { ActivityFilters } from './history-api.ts';
import { localInputToIso } from './local-time-input.ts';

export type FilterForm = { actorId: string; projectId: string; kind: string; since: string; until: string };

export const NO_FILTERS: FilterForm = { actorId: '', projectId: '', kind: '', since: '', until: '' };

/** The server reads `kind` as a prefix (`task`) or a whole kind (`task.moved`). */
export const KIND_GROUPS: readonly { label: string; options: readonly { value: string; label: string }[] }[] =
  [
    {
      label: 'Everything about',
      options: [
        { value: 'task', label: 'Tasks' },
        { value: 'comment', label: 'Comments' },
        { value: 'project', label: 'Projects' },
        { value: 'column', label: 'Columns' },
        { value: 'sprint', label: 'Sprints' },
        { value: 'worklog', label: 'Work logged' },
      ],
    },
    {
      label: 'Tasks',
      options: [
        { value: 'task.created', label: 'Tasks created' },
        { value: 'task.updated', label: 'Tasks edited' },
        { value: 'task.moved', label: 'Tasks moved' },
        { value: 'task.archived', label: 'Tasks archived' },
        { value: 'task.restored', label: 'Tasks restored' },
        { value: 'task.deleted', label: 'Tasks deleted' },
      ],
    },
    // Only kinds the workspace's activity holds: reminders live in each task's own history.
    { label: 'Admin', options: [{ value: 'history.purged', label: 'History purged' }] },
  ];

export function toActivityFilters(form: FilterForm): ActivityFilters {
  const filters: ActivityFilters = {};
  if (form.actorId) filters.actorId = form.actorId;
  if (form.projectId) filters.projectId = form.projectId;
  if (form.kind) filters.kind = form.kind;
  const since = localInputToIso(form.since);
  const until = localInputToIso(form.until);
  if (since) filters.since = since;
  if (until) filters.until = until;
  return filters;
}

/** People to filter by: the workspace's members, then anyone else the document names (left since). */
export function personOptions(
  members: readonly { userId: string; name: string }[],
  people: Record<string, string>,
): { id: string; name: string }[] {
  const options = members.map((m) => ({ id: m.userId, name: m.name }));
  const known = new Set(options.map((o) => o.id));
  for (const [id, name] of Object.entries(people)) {
    // `system` is the server's own actor in the document, not a person one can pick.
    if (id !== 'system' && !known.has(id)) options.push({ id, name });
  }
  return options.sort((a, b) => a.name.localeCompare(b.name));
}
