/**
 * The board's filter (issue 14, "Find"): which tasks to show, as a spec people build in the filter
 * bar and share as a URL. Within one facet the values are alternatives (assignee me OR Bob), and
 * the facets all apply (assignee AND label AND due). An empty facet does not filter.
 *
 * The spec lives in the address (`?q=login&assignee=me&due=overdue`), which anyone can edit, so
 * parsing validates each value with zod and drops a bad one alone: a typo in a link never costs
 * the rest of the filter, and never a crash. A spec is kept in one canonical form (values
 * de-duplicated and sorted), so parse ∘ serialize is the identity on it and equal filters have
 * equal addresses.
 *
 * Matching must keep up with typing on a 10,000-task board: `compileTaskFilter` does the work that
 * does not depend on the task once (folding the query, the day "today" is in the person's time
 * zone, sets of wanted values), and a task's folded title and key are kept per task object (the
 * board's store hands out the same object until the task changes), so a keystroke folds only the
 * query. "Now" and the time zone are the caller's: the model reads no clock.
 */
import { z } from 'zod';
import { PRIORITIES, type Priority, type Task } from './schema.ts';
import { foldForSearch } from './task-search.ts';

/** Due-date buckets: past due, due today, due from today to Sunday (ISO weeks end on Sunday), no date. */
export const DUE_FILTERS = ['overdue', 'today', 'week', 'none'] as const;
export type DueFilter = (typeof DUE_FILTERS)[number];

/** Assignee values that are not people: the person looking, and nobody. */
export const ASSIGNEE_ME = 'me';
export const ASSIGNEE_NONE = 'none';
/** The sprint value for tasks planned into no sprint. */
export const SPRINT_BACKLOG = 'backlog';

export type TaskFilterSpec = {
  /** Words that must all appear in the title or key (as typed; folded when matched). */
  text: string;
  /** Person ids, `me` or `none`. */
  assignees: readonly string[];
  labels: readonly string[];
  priorities: readonly Priority[];
  due: readonly DueFilter[];
  /** Sprint ids or `backlog`. */
  sprints: readonly string[];
  /** Issue types (`task`, `bug`, …); a task without a type is a `task`. */
  types: readonly string[];
};

export const EMPTY_TASK_FILTER: TaskFilterSpec = {
  text: '',
  assignees: [],
  labels: [],
  priorities: [],
  due: [],
  sprints: [],
  types: [],
};

/** The query-string names, one per facet. Nothing else in the address is touched. */
export const FILTER_PARAMS = {
  text: 'q',
  assignees: 'assignee',
  labels: 'label',
  priorities: 'priority',
  due: 'due',
  sprints: 'sprint',
  types: 'type',
} as const satisfies Record<keyof TaskFilterSpec, string>;

export const FILTER_TEXT_LIMIT = 200;
/** More values than this in one facet is not a filter anyone built by hand. */
const VALUES_LIMIT = 50;

const id = z.string().min(1).max(200);
const VALUE_SCHEMAS = {
  assignees: id,
  labels: z.string().min(1).max(40),
  priorities: z.enum(PRIORITIES),
  due: z.enum(DUE_FILTERS),
  sprints: id,
  types: z.string().regex(/^[a-z]{1,20}$/),
} as const;
const textSchema = z.string().max(FILTER_TEXT_LIMIT);

type ListFacet = keyof typeof VALUE_SCHEMAS;
const LIST_FACETS = Object.keys(VALUE_SCHEMAS) as ListFacet[];

/** Facets whose values have a natural order (the priority scale, the due buckets) keep it. */
const ORDERS: Partial<Record<ListFacet, readonly string[]>> = { priorities: PRIORITIES, due: DUE_FILTERS };

function canonical(facet: ListFacet, values: Iterable<string>): string[] {
  const unique = [...new Set(values)].slice(0, VALUES_LIMIT);
  const order = ORDERS[facet];
  return order
    ? unique.sort((a, b) => order.indexOf(a) - order.indexOf(b))
    : unique.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The canonical form of a spec: bad values dropped, the rest de-duplicated and sorted. */
export function normalizeTaskFilter(spec: Partial<TaskFilterSpec>): TaskFilterSpec {
  const text = textSchema.safeParse(spec.text ?? '');
  const out: Record<string, unknown> = { text: text.success ? text.data : '' };
  for (const facet of LIST_FACETS) {
    const schema = VALUE_SCHEMAS[facet];
    const values = (spec[facet] ?? []).filter((v) => schema.safeParse(v).success);
    out[facet] = canonical(facet, values);
  }
  return out as TaskFilterSpec;
}

/** The filter an address holds; anything malformed is left out, value by value. */
export function parseTaskFilter(params: URLSearchParams | string): TaskFilterSpec {
  const p = typeof params === 'string' ? new URLSearchParams(params) : params;
  const partial: Record<string, unknown> = { text: p.get(FILTER_PARAMS.text) ?? '' };
  for (const facet of LIST_FACETS) partial[facet] = p.getAll(FILTER_PARAMS[facet]);
  return normalizeTaskFilter(partial as Partial<TaskFilterSpec>);
}

/** The spec as query parameters (empty facets left out), in canonical order. */
export function serializeTaskFilter(spec: TaskFilterSpec): URLSearchParams {
  const clean = normalizeTaskFilter(spec);
  const out = new URLSearchParams();
  if (clean.text !== '') out.set(FILTER_PARAMS.text, clean.text);
  for (const facet of LIST_FACETS) for (const v of clean[facet]) out.append(FILTER_PARAMS[facet], v);
  return out;
}

/** `search` (an address's query string) with its filter replaced by `spec`; other parameters stay. */
export function withTaskFilter(search: string, spec: TaskFilterSpec): string {
  const params = new URLSearchParams(search);
  for (const name of Object.values(FILTER_PARAMS)) params.delete(name);
  for (const [k, v] of serializeTaskFilter(spec)) params.append(k, v);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export function isEmptyTaskFilter(spec: TaskFilterSpec): boolean {
  return spec.text.trim() === '' && LIST_FACETS.every((f) => spec[f].length === 0);
}

/** What a matcher needs of a task (the board's Task has it all). */
export type FilterableTask = Pick<
  Task,
  'id' | 'projectId' | 'title' | 'number' | 'assignee' | 'labels' | 'priority' | 'deadline' | 'sprintId'
> & { type?: unknown };

export type TaskFilterContext = {
  /** The person looking (`me`); null matches nobody. */
  me: string | null;
  /** Milliseconds since the epoch. */
  now: number;
  /** IANA zone the person's days are in; an unknown zone counts as UTC. */
  timeZone: string;
  /** A project's key, for matching `WEB-12`; without it only titles are matched. */
  projectKey?: (projectId: string) => string | null | undefined;
  /** The sprint a task counts as in (closed sprints resolved); defaults to the stored one. */
  sprintOf?: (task: FilterableTask) => string | null;
};

/** The calendar day (`2026-12-03`) an instant falls on in a time zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter per zone, made once: making one costs more than filtering a board. */
function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    const format = (zone: string) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    try {
      formatter = format(timeZone);
    } catch {
      formatter = format('UTC');
    }
    if (formatters.size < 100) formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function dayIn(now: number, timeZone: string): string {
  const parts = dayFormatter(timeZone).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

function addDays(day: string, days: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** The Sunday that ends the ISO week of `day` (the day itself on a Sunday). */
export function weekEnd(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, weekday === 0 ? 0 : 7 - weekday);
}

/** The day a deadline falls on: stored as a day, or (with a time of day) an ISO text starting with one. */
export function deadlineDay(deadline: string | null | undefined): string | null {
  if (typeof deadline !== 'string') return null;
  const day = /^\d{4}-\d{2}-\d{2}/.exec(deadline)?.[0];
  return day ?? null;
}

export function typeOf(task: { type?: unknown }): string {
  return typeof task.type === 'string' && task.type !== '' ? task.type : 'task';
}

type Folded = { title: string; projectKey: string | null | undefined; text: string };
/** Per task object: its title and key folded for matching (the object is replaced when the task changes). */
const foldedTexts = new WeakMap<object, Folded>();

function foldedText(task: FilterableTask, projectKey: string | null | undefined): string {
  const kept = foldedTexts.get(task);
  if (kept !== undefined && kept.title === task.title && kept.projectKey === projectKey) return kept.text;
  const key = projectKey && task.number !== null ? ` ${foldForSearch(projectKey)} ${task.number}` : '';
  const text = ` ${foldForSearch(task.title)}${key}`;
  foldedTexts.set(task, { title: task.title, projectKey, text });
  return text;
}

export type TaskMatcher = (task: FilterableTask) => boolean;

/**
 * Folds the tasks' titles and keys now, so the first keystroke does not pay for it (the board calls
 * this when idle after the tasks change; tasks already folded cost a lookup).
 */
export function prepareTaskText(
  tasks: Iterable<FilterableTask>,
  projectKey?: (projectId: string) => string | null | undefined,
): void {
  for (const task of tasks) foldedText(task, projectKey?.(task.projectId));
}

/** A predicate for the spec; build it once per spec (and per `now`), then run it over every task. */
export function compileTaskFilter(spec: TaskFilterSpec, context: TaskFilterContext): TaskMatcher {
  const tests: TaskMatcher[] = [];
  const folded = foldForSearch(spec.text);
  if (folded !== '') {
    const words = folded.split(' ');
    const keyOf = context.projectKey;
    tests.push((task) => {
      const text = foldedText(task, keyOf?.(task.projectId));
      // Every word somewhere in the title or key, as the board's search always matched.
      for (let i = 0; i < words.length; i++) if (!text.includes(words[i] as string)) return false;
      return true;
    });
  }
  if (spec.assignees.length > 0) {
    const people = new Set(spec.assignees.filter((a) => a !== ASSIGNEE_ME && a !== ASSIGNEE_NONE));
    if (spec.assignees.includes(ASSIGNEE_ME) && context.me !== null) people.add(context.me);
    const unassigned = spec.assignees.includes(ASSIGNEE_NONE);
    tests.push((task) => (task.assignee === null ? unassigned : people.has(task.assignee)));
  }
  if (spec.labels.length > 0) {
    const labels = new Set(spec.labels);
    tests.push((task) => task.labels.some((l) => labels.has(l)));
  }
  if (spec.priorities.length > 0) {
    const priorities = new Set<string>(spec.priorities);
    tests.push((task) => priorities.has(task.priority));
  }
  if (spec.due.length > 0) {
    const today = dayIn(context.now, context.timeZone);
    const sunday = weekEnd(today);
    const due = new Set(spec.due);
    tests.push((task) => {
      const day = deadlineDay(task.deadline);
      if (day === null) return due.has('none');
      return (
        (due.has('overdue') && day < today) ||
        (due.has('today') && day === today) ||
        (due.has('week') && day >= today && day <= sunday)
      );
    });
  }
  if (spec.sprints.length > 0) {
    const sprints = new Set(spec.sprints);
    const sprintOf = context.sprintOf ?? ((task: FilterableTask) => task.sprintId);
    tests.push((task) => sprints.has(sprintOf(task) ?? SPRINT_BACKLOG));
  }
  if (spec.types.length > 0) {
    const types = new Set(spec.types);
    tests.push((task) => types.has(typeOf(task)));
  }
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0] as TaskMatcher;
  return (task) => {
    for (const test of tests) if (!test(task)) return false;
    return true;
  };
}

/**
 * "My work" order: by due day, so overdue tasks come first (the oldest first), then the rest
 * soonest first, then tasks without a date; among equals the higher priority, then the title.
 */
export function compareByDue(a: FilterableTask, b: FilterableTask): number {
  const x = deadlineDay(a.deadline);
  const y = deadlineDay(b.deadline);
  if (x !== y) {
    if (x === null) return 1;
    if (y === null) return -1;
    return x < y ? -1 : 1;
  }
  return (
    PRIORITIES.indexOf(b.priority) - PRIORITIES.indexOf(a.priority) ||
    a.title.localeCompare(b.title) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
