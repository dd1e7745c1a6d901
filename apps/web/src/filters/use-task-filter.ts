/**
 * The board's filter as React state, kept in the address (`?q=…&assignee=me`): a filtered board
 * can be shared as a link, survives a reload, and Back undoes the last change to it. Typing in the
 * text field replaces the entry it made on its first keystroke instead of piling up one entry per
 * character; any other change is a new entry.
 *
 * `useTaskFilter` is what a view that shows tasks (the board, the list) uses: the spec, a setter,
 * and a matcher compiled once per spec (task-filter.ts), so a keystroke costs one pass over the
 * tasks with nothing re-read from the document.
 */
import {
  compileTaskFilter,
  isEmptyTaskFilter,
  parseTaskFilter,
  type TaskFilterSpec,
  type TaskMatcher,
  withTaskFilter,
} from '@taskflow/model';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { navigate, useLocation } from '../router/navigation.ts';
import { browserTimeZone } from '../time-zones.ts';

/** The address the last typed keystroke made: the next one replaces it while it is still current. */
let typedAt: string | null = null;

function searchOf(here: string): string {
  const at = here.indexOf('?');
  return at < 0 ? '' : here.slice(at);
}

export function useFilterSpec(): [
  TaskFilterSpec,
  (spec: TaskFilterSpec, options?: { typing?: boolean }) => void,
] {
  const here = useLocation();
  const search = searchOf(here);
  const spec = useMemo(() => parseTaskFilter(search), [search]);
  const setSpec = useCallback((next: TaskFilterSpec, options: { typing?: boolean } = {}) => {
    const current = location.pathname + location.search;
    const target = location.pathname + withTaskFilter(location.search, next);
    if (target === current) return;
    const replace = options.typing === true && typedAt === current;
    navigate(target, { replace });
    typedAt = options.typing ? target : null;
  }, []);
  return [spec, setSpec];
}

/** The clock the due buckets are computed with: a new value each minute, so "today" moves at midnight. */
function useMinute(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export type TaskFilterState = {
  spec: TaskFilterSpec;
  setSpec: (spec: TaskFilterSpec, options?: { typing?: boolean }) => void;
  matcher: TaskMatcher;
  /** Some facet is set: the view shows fewer than all tasks. */
  active: boolean;
};

type Options = {
  /** Who "me" is. */
  me: string;
  /** A project's key, for matching `WEB-12` in the text. */
  projectKey?: (projectId: string) => string | null | undefined;
  sprintOf?: (task: Parameters<TaskMatcher>[0]) => string | null;
};

export function useTaskFilter({ me, projectKey, sprintOf }: Options): TaskFilterState {
  const [spec, setSpec] = useFilterSpec();
  const now = useMinute();
  const matcher = useMemo(
    () => compileTaskFilter(spec, { me, now, timeZone: browserTimeZone(), projectKey, sprintOf }),
    [spec, me, now, projectKey, sprintOf],
  );
  return { spec, setSpec, matcher, active: !isEmptyTaskFilter(spec) };
}
