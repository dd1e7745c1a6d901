/**
 * The filter bar over a project's tasks (board or list): text, assignee, labels, priority, due,
 * sprint (when the project has sprints) and type (when tasks have types), a count of what is shown
 * ("12 of 340"), a clear button, and the saved views. The state is the address's (use-task-filter.ts);
 * this only edits it.
 */
import {
  DUE_FILTERS,
  type DueFilter,
  EMPTY_TASK_FILTER,
  PRIORITIES,
  SPRINT_BACKLOG,
  type TaskFilterSpec,
} from '@taskflow/model';
import { useMemo } from 'react';
import { useWorkspace } from '../workspace-context.ts';
import { ExportCsv } from './export-csv.tsx';
import { FacetMenu, type FacetOption } from './facet-menu.tsx';
import type { TaskFilterState } from './use-task-filter.ts';
import { ViewsMenu } from './views-menu.tsx';
import './filters.css';

export const DUE_LABELS: Record<DueFilter, string> = {
  overdue: 'Overdue',
  today: 'Due today',
  week: 'Due this week',
  none: 'No due date',
};

const PRIORITY_OPTIONS = [...PRIORITIES]
  .reverse()
  .map((p) => ({ value: p, label: p[0]?.toUpperCase() + p.slice(1) }));
const DUE_OPTIONS = DUE_FILTERS.map((d) => ({ value: d, label: DUE_LABELS[d] }));

/** What the bar offers choices from: the tasks in view, whatever the filter hides. */
export type FilterSource = {
  assignees: Iterable<string | null>;
  labels: Iterable<string>;
  types?: Iterable<string>;
};

type Props = {
  projectId: string;
  filter: TaskFilterState;
  source: FilterSource;
  /** Open sprints of the project, for the sprint facet (none: no sprint facet). */
  sprints?: readonly { id: string; name: string }[];
  shown: number;
  total: number;
};

export function FilterBar({ projectId, filter, source, sprints = [], shown, total }: Props) {
  const { people } = useWorkspace();
  const { spec, setSpec, active } = filter;
  const set = (patch: Partial<TaskFilterSpec>, typing = false) => setSpec({ ...spec, ...patch }, { typing });

  const assigneeOptions = useMemo<FacetOption[]>(() => {
    const ids = new Set<string>(Object.keys(people));
    for (const a of source.assignees) if (a !== null) ids.add(a);
    const others = [...ids]
      .map((id) => ({ value: id, label: people[id] ?? id }))
      .sort((a, b) => a.label.localeCompare(b.label));
    return [{ value: 'me', label: 'Me' }, { value: 'none', label: 'Unassigned' }, ...others];
  }, [people, source.assignees]);
  const labelOptions = useMemo(
    () => [...new Set(source.labels)].sort((a, b) => a.localeCompare(b)).map((l) => ({ value: l, label: l })),
    [source.labels],
  );
  const typeOptions = useMemo(
    () =>
      [...new Set(source.types ?? [])]
        .sort()
        .map((t) => ({ value: t, label: t[0]?.toUpperCase() + t.slice(1) })),
    [source.types],
  );
  const sprintOptions = useMemo(
    () => [
      ...sprints.map((s) => ({ value: s.id, label: s.name })),
      { value: SPRINT_BACKLOG, label: 'Backlog' },
    ],
    [sprints],
  );

  return (
    <search className="filter-bar" aria-label="Filter tasks">
      <label className="inline-field board-search">
        <span>Search</span>
        <input
          type="search"
          aria-label="Search tasks by title or key"
          placeholder="Title or key, e.g. WEB-12"
          value={spec.text}
          maxLength={200}
          onChange={(e) => set({ text: e.target.value }, true)}
        />
      </label>
      <FacetMenu
        label="Assignee"
        options={assigneeOptions}
        chosen={spec.assignees}
        onChange={(assignees) => set({ assignees })}
      />
      <FacetMenu
        label="Labels"
        options={labelOptions}
        chosen={spec.labels}
        onChange={(labels) => set({ labels })}
      />
      <FacetMenu
        label="Priority"
        options={PRIORITY_OPTIONS}
        chosen={spec.priorities}
        onChange={(values) => set({ priorities: values as TaskFilterSpec['priorities'] })}
      />
      <FacetMenu
        label="Due"
        options={DUE_OPTIONS}
        chosen={spec.due}
        onChange={(values) => set({ due: values as TaskFilterSpec['due'] })}
      />
      {(sprints.length > 0 || spec.sprints.length > 0) && (
        <FacetMenu
          label="Sprint"
          options={sprintOptions}
          chosen={spec.sprints}
          onChange={(s) => set({ sprints: s })}
        />
      )}
      {(typeOptions.length > 0 || spec.types.length > 0) && (
        <FacetMenu
          label="Type"
          options={typeOptions}
          chosen={spec.types}
          onChange={(types) => set({ types })}
        />
      )}
      {active && (
        <>
          <output className="filter-count" aria-live="polite">
            {shown.toLocaleString()} of {total.toLocaleString()}
          </output>
          <button type="button" onClick={() => setSpec(EMPTY_TASK_FILTER)}>
            Clear filters
          </button>
        </>
      )}
      <ViewsMenu projectId={projectId} spec={spec} />
      <ExportCsv projectId={projectId} spec={spec} />
    </search>
  );
}
