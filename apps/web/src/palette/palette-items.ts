/**
 * What the command palette lists for a query, as plain data (the component only draws it and runs
 * the chosen item). Groups, in order: the task whose key was typed, actions on the task in context,
 * projects, views, then the other tasks the search found. Actions, projects and views are few and
 * are shown only when the query names them (every typed word starts a word of the label or keywords),
 * so they never push the tasks far down; with a blank query they are all there is.
 */
import { foldForSearch, PRIORITIES, type Priority, type TaskHit, taskKey } from '@taskflow/model';

export type PaletteView =
  | 'board'
  | 'backlog'
  | 'list'
  | 'my-work'
  | 'reports'
  | 'activity'
  | 'members'
  | 'settings';

export const VIEWS: readonly { view: PaletteView; label: string }[] = [
  { view: 'board', label: 'Board' },
  { view: 'backlog', label: 'Backlog' },
  { view: 'list', label: 'List' },
  { view: 'my-work', label: 'My work' },
  { view: 'reports', label: 'Reports' },
  { view: 'activity', label: 'Activity' },
  { view: 'members', label: 'Members' },
  { view: 'settings', label: 'Settings' },
];

export const PRIORITY_LABELS: Record<Priority, string> = {
  lowest: 'Lowest',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  highest: 'Highest',
};

export type PaletteAction =
  | { type: 'assign'; assignee: string | null }
  | { type: 'move'; columnId: string }
  | { type: 'priority'; priority: Priority }
  | { type: 'archive' };

export type PaletteItem = { id: string; label: string; detail?: string } & (
  | { kind: 'task'; taskId: string; key: string; archived: boolean }
  | { kind: 'project'; projectId: string }
  | { kind: 'view'; view: PaletteView }
  | { kind: 'action'; action: PaletteAction }
);

export type PaletteGroup = { name: string; items: PaletteItem[] };

/** The task in context as the actions need it; null when none is open or the person cannot edit. */
export type TaskContext = {
  task: { id: string; title: string; assignee: string | null; priority: Priority; archived: boolean };
  /** Where the task is now ('' when in none). */
  columnId: string;
  /** The project's live columns, in board order. */
  columns: readonly { id: string; name: string }[];
  me: string;
};

export type PaletteInput = {
  query: string;
  hits: readonly TaskHit[];
  /** Live projects, in the switcher's order. */
  projects: readonly { id: string; name: string; key: string }[];
  /** Every project's key by id (archived ones too: their tasks can still be found). */
  projectKeys: ReadonlyMap<string, string>;
  currentProjectId: string | null;
  context: TaskContext | null;
};

/**
 * Every typed word starts a word of the label or its keywords (folded as the task search folds).
 * Starts, not contains: `log` names tasks about logs, not the Backlog view.
 */
export function matchesLabel(query: string, label: string, keywords = ''): boolean {
  const words = foldForSearch(query).split(' ').filter(Boolean);
  const text = ` ${foldForSearch(`${label} ${keywords}`)}`;
  return words.every((w) => text.includes(` ${w}`));
}

/** The actions on the task in context, each with the extra words it answers to. */
function actionsFor(context: TaskContext): { item: PaletteItem; keywords: string }[] {
  const { task, columns, columnId, me } = context;
  const out: { item: PaletteItem; keywords: string }[] = [];
  const action = (id: string, label: string, a: PaletteAction, keywords: string) => ({
    item: { id: `action:${id}`, label, kind: 'action' as const, action: a },
    keywords,
  });
  if (task.assignee !== me)
    out.push(action('assign-me', 'Assign to me', { type: 'assign', assignee: me }, 'assignee'));
  if (task.assignee !== null)
    out.push(action('unassign', 'Unassign', { type: 'assign', assignee: null }, 'assignee'));
  if (!task.archived) {
    for (const c of columns) {
      if (c.id === columnId) continue;
      out.push(
        action(`move:${c.id}`, `Move to ${c.name}`, { type: 'move', columnId: c.id }, 'column status'),
      );
    }
  }
  for (const p of PRIORITIES) {
    if (p === task.priority) continue;
    out.push(
      action(`priority:${p}`, `Set priority: ${PRIORITY_LABELS[p]}`, { type: 'priority', priority: p }, ''),
    );
  }
  if (!task.archived) out.push(action('archive', 'Archive task', { type: 'archive' }, 'delete remove'));
  return out;
}

function taskItem(hit: TaskHit, projectKeys: ReadonlyMap<string, string>): PaletteItem {
  const key = taskKey(projectKeys.get(hit.projectId) ?? '?', hit).text;
  return {
    id: `task:${hit.id}`,
    label: hit.title,
    kind: 'task',
    taskId: hit.id,
    key,
    archived: hit.archived,
  };
}

export function paletteGroups(input: PaletteInput): PaletteGroup[] {
  const { query, hits, projects, projectKeys, currentProjectId, context } = input;
  const blank = foldForSearch(query) === '';
  const named = (label: string, keywords = '') => blank || matchesLabel(query, label, keywords);
  const groups: PaletteGroup[] = [];
  // A task of an archived project has no board to open on: it is left out.
  const live = new Set(projects.map((p) => p.id));
  const found = hits.filter((h) => live.has(h.projectId));
  const keyed = found[0]?.match === 'key' ? found[0] : undefined;
  if (keyed) groups.push({ name: 'Task', items: [taskItem(keyed, projectKeys)] });
  if (context) {
    const title = context.task.title;
    const items = actionsFor(context)
      .filter((a) => named(a.item.label, a.keywords))
      .map((a) => a.item);
    if (items.length > 0) groups.push({ name: `Actions on ${title}`, items });
  }
  const projectItems: PaletteItem[] = projects
    .filter((p) => named(p.name, `${p.key} project switch`))
    .map((p) => ({
      id: `project:${p.id}`,
      label: p.name,
      detail: p.id === currentProjectId ? `${p.key} · current` : p.key,
      kind: 'project',
      projectId: p.id,
    }));
  if (projectItems.length > 0) groups.push({ name: 'Projects', items: projectItems });
  const viewItems: PaletteItem[] = VIEWS.filter((v) => named(v.label, 'go to view page')).map((v) => ({
    id: `view:${v.view}`,
    label: v.label,
    kind: 'view',
    view: v.view,
  }));
  if (viewItems.length > 0) groups.push({ name: 'Views', items: viewItems });
  const rest = found.filter((h) => h !== keyed).map((h) => taskItem(h, projectKeys));
  if (rest.length > 0) groups.push({ name: 'Tasks', items: rest });
  return groups;
}
