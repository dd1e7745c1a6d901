/**
 * Issue 14: the board's filter. Hand-picked cases per facet (due buckets in a time zone other than
 * UTC included), the address form (bad values dropped alone, never a throw; fast-check round trip)
 * and the matcher against a plain re-statement of the rules on random tasks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRIORITIES, type Priority } from './schema.ts';
import {
  compareByDue,
  compileTaskFilter,
  DUE_FILTERS,
  dayIn,
  EMPTY_TASK_FILTER,
  type FilterableTask,
  isEmptyTaskFilter,
  normalizeTaskFilter,
  parseTaskFilter,
  serializeTaskFilter,
  type TaskFilterContext,
  type TaskFilterSpec,
  weekEnd,
  withTaskFilter,
} from './task-filter.ts';

const FILE = 'packages/model/src/task-filter.test.ts';
const SEED = Number(process.env.TF_SEED ?? Date.now() % 2 ** 31);

function check<T>(property: fc.IProperty<T>, numRuns = 200): void {
  try {
    fc.assert(property, { seed: SEED, numRuns });
  } catch (e) {
    console.error(`replay: TF_SEED=${SEED} npx vitest run ${FILE}`);
    throw e;
  }
}

/** Thursday 3 December 2026, 23:30 UTC: already Friday the 4th in Auckland. */
const NOW = Date.UTC(2026, 11, 3, 23, 30);
const CONTEXT: TaskFilterContext = {
  me: 'ann',
  now: NOW,
  timeZone: 'UTC',
  projectKey: (id) => (id === 'p1' ? 'WEB' : null),
};

let nextId = 0;
function task(fields: Partial<FilterableTask> = {}): FilterableTask {
  nextId += 1;
  return {
    id: `t${nextId}`,
    projectId: 'p1',
    title: 'A task',
    number: nextId,
    assignee: null,
    labels: [],
    priority: 'medium',
    deadline: null,
    sprintId: null,
    ...fields,
  };
}

const spec = (fields: Partial<TaskFilterSpec>): TaskFilterSpec => ({ ...EMPTY_TASK_FILTER, ...fields });
const ids = (tasks: FilterableTask[], s: TaskFilterSpec, context = CONTEXT) =>
  tasks.filter(compileTaskFilter(s, context)).map((t) => t.id);

describe('task filter: facets', () => {
  it('an empty filter keeps every task', () => {
    const all = [task(), task({ assignee: 'bob' })];
    expect(isEmptyTaskFilter(EMPTY_TASK_FILTER)).toBe(true);
    expect(ids(all, EMPTY_TASK_FILTER)).toEqual(all.map((t) => t.id));
  });

  it('text: every word in the title or key, accents and case ignored', () => {
    const login = task({ title: 'Fix the Login pâge' });
    const signup = task({ title: 'Signup page' });
    const other = task({ title: 'Write docs', projectId: 'p2' });
    const all = [login, signup, other];
    expect(ids(all, spec({ text: 'page' }))).toEqual([login.id, signup.id]);
    expect(ids(all, spec({ text: 'LOGIN page' }))).toEqual([login.id]);
    expect(ids(all, spec({ text: `web-${signup.number}` }))).toEqual([signup.id]);
    // Another project's tasks have no WEB key.
    expect(ids(all, spec({ text: 'web' }))).toEqual([login.id, signup.id]);
    expect(ids(all, spec({ text: 'zebra' }))).toEqual([]);
  });

  it('a changed title is matched as it is now (the per-task fold follows the object)', () => {
    const t = task({ title: 'Old name' });
    expect(ids([t], spec({ text: 'new' }))).toEqual([]);
    const renamed = { ...t, title: 'New name' };
    expect(ids([renamed], spec({ text: 'new' }))).toEqual([t.id]);
  });

  it('assignee: me, unassigned and named people combine as alternatives', () => {
    const mine = task({ assignee: 'ann' });
    const bobs = task({ assignee: 'bob' });
    const nobody = task();
    const all = [mine, bobs, nobody];
    expect(ids(all, spec({ assignees: ['me'] }))).toEqual([mine.id]);
    expect(ids(all, spec({ assignees: ['none'] }))).toEqual([nobody.id]);
    expect(ids(all, spec({ assignees: ['me', 'none'] }))).toEqual([mine.id, nobody.id]);
    expect(ids(all, spec({ assignees: ['bob'] }))).toEqual([bobs.id]);
    // Signed out, "me" is nobody.
    expect(ids(all, spec({ assignees: ['me'] }), { ...CONTEXT, me: null })).toEqual([]);
  });

  it('labels match any chosen label; priorities any chosen priority', () => {
    const ui = task({ labels: ['ui', 'bug'], priority: 'high' });
    const api = task({ labels: ['api'], priority: 'low' });
    const all = [ui, api, task()];
    expect(ids(all, spec({ labels: ['bug'] }))).toEqual([ui.id]);
    expect(ids(all, spec({ labels: ['bug', 'api'] }))).toEqual([ui.id, api.id]);
    expect(ids(all, spec({ priorities: ['low', 'highest'] }))).toEqual([api.id]);
  });

  it('due: overdue, today, this week (to Sunday) and none, in the person’s time zone', () => {
    // 3 December 2026 is a Thursday; the week ends on Sunday the 6th.
    const past = task({ deadline: '2026-12-02' });
    const today = task({ deadline: '2026-12-03' });
    const friday = task({ deadline: '2026-12-04' });
    const sunday = task({ deadline: '2026-12-06' });
    const monday = task({ deadline: '2026-12-07' });
    const timed = task({ deadline: '2026-12-03T09:00:00Z' });
    const none = task();
    const all = [past, today, friday, sunday, monday, timed, none];
    expect(ids(all, spec({ due: ['overdue'] }))).toEqual([past.id]);
    expect(ids(all, spec({ due: ['today'] }))).toEqual([today.id, timed.id]);
    expect(ids(all, spec({ due: ['week'] }))).toEqual([today.id, friday.id, sunday.id, timed.id]);
    expect(ids(all, spec({ due: ['none'] }))).toEqual([none.id]);
    expect(ids(all, spec({ due: ['overdue', 'none'] }))).toEqual([past.id, none.id]);
    // In Auckland it is already Friday: Thursday's tasks are overdue there.
    const auckland = { ...CONTEXT, timeZone: 'Pacific/Auckland' };
    expect(ids(all, spec({ due: ['overdue'] }), auckland)).toEqual([past.id, today.id, timed.id]);
    expect(ids(all, spec({ due: ['today'] }), auckland)).toEqual([friday.id]);
    // An unknown zone counts as UTC rather than throwing.
    expect(ids(all, spec({ due: ['today'] }), { ...CONTEXT, timeZone: 'Mars/Olympus' })).toEqual([
      today.id,
      timed.id,
    ]);
  });

  it('weeks end on Sunday; a Sunday is its own week’s end', () => {
    expect(weekEnd('2026-12-03')).toBe('2026-12-06');
    expect(weekEnd('2026-12-06')).toBe('2026-12-06');
    expect(weekEnd('2026-12-07')).toBe('2026-12-13');
    expect(weekEnd('2026-12-31')).toBe('2027-01-03');
    expect(dayIn(NOW, 'America/Los_Angeles')).toBe('2026-12-03');
    expect(dayIn(NOW, 'Asia/Tokyo')).toBe('2026-12-04');
  });

  it('sprint: named sprints and the backlog, resolved by the caller when given', () => {
    const planned = task({ sprintId: 's1' });
    const closed = task({ sprintId: 's-closed' });
    const backlog = task();
    const all = [planned, closed, backlog];
    expect(ids(all, spec({ sprints: ['s1'] }))).toEqual([planned.id]);
    expect(ids(all, spec({ sprints: ['backlog'] }))).toEqual([backlog.id]);
    const sprintOf = (t: FilterableTask) => (t.sprintId === 's-closed' ? null : t.sprintId);
    expect(ids(all, spec({ sprints: ['backlog'] }), { ...CONTEXT, sprintOf })).toEqual([
      closed.id,
      backlog.id,
    ]);
  });

  it('type: a task without a type is a task', () => {
    const bug = task({ type: 'bug' });
    const plain = task();
    expect(ids([bug, plain], spec({ types: ['bug'] }))).toEqual([bug.id]);
    expect(ids([bug, plain], spec({ types: ['task'] }))).toEqual([plain.id]);
  });

  it('facets all apply together', () => {
    const hit = task({ title: 'Login bug', assignee: 'ann', labels: ['ui'], deadline: '2026-12-01' });
    const notMine = task({ title: 'Login bug', assignee: 'bob', labels: ['ui'], deadline: '2026-12-01' });
    const notLate = task({ title: 'Login bug', assignee: 'ann', labels: ['ui'], deadline: '2027-01-01' });
    const s = spec({ text: 'login', assignees: ['me'], labels: ['ui'], due: ['overdue'] });
    expect(ids([hit, notMine, notLate], s)).toEqual([hit.id]);
  });
});

describe('task filter: the address', () => {
  it('reads what the bar writes, and leaves the rest of the address alone', () => {
    const s = spec({ text: 'log in', assignees: ['me', 'bob'], labels: ['ui'], due: ['today', 'overdue'] });
    const search = withTaskFilter('?task=abc&q=old', s);
    const params = new URLSearchParams(search);
    expect(params.get('task')).toBe('abc');
    expect(params.getAll('assignee')).toEqual(['bob', 'me']);
    expect(params.getAll('due')).toEqual(['overdue', 'today']);
    expect(parseTaskFilter(search)).toEqual(normalizeTaskFilter(s));
    expect(withTaskFilter('?task=abc&q=x', EMPTY_TASK_FILTER)).toBe('?task=abc');
    expect(withTaskFilter('?q=x', EMPTY_TASK_FILTER)).toBe('');
  });

  it('drops bad values one by one, keeping the good ones', () => {
    const parsed = parseTaskFilter(
      `?priority=urgent&priority=high&due=yesterday&due=none&type=Bug!&type=bug&label=${'x'.repeat(41)}&label=ui&assignee=&q=${'a'.repeat(201)}`,
    );
    expect(parsed).toEqual(
      spec({ priorities: ['high'], due: ['none'], types: ['bug'], labels: ['ui'], assignees: [], text: '' }),
    );
  });

  it('never throws on any query string, and what it reads is canonical', () => {
    check(
      fc.property(fc.string({ maxLength: 300 }), (raw) => {
        const parsed = parseTaskFilter(raw);
        expect(normalizeTaskFilter(parsed)).toEqual(parsed);
      }),
    );
  });

  const specs = fc.record({
    text: fc.string({ maxLength: 210 }),
    assignees: fc.array(fc.oneof(fc.constantFrom('me', 'none'), fc.string({ maxLength: 12 })), {
      maxLength: 5,
    }),
    labels: fc.array(fc.string({ maxLength: 45 }), { maxLength: 5 }),
    priorities: fc.array(fc.constantFrom<Priority>(...PRIORITIES), { maxLength: 6 }),
    due: fc.array(fc.constantFrom(...DUE_FILTERS), { maxLength: 5 }),
    sprints: fc.array(fc.oneof(fc.constant('backlog'), fc.uuid()), { maxLength: 3 }),
    types: fc.array(fc.constantFrom('task', 'bug', 'story', 'epic', 'Nope'), { maxLength: 3 }),
  });

  it('round trip: parse(serialize(spec)) is the spec’s canonical form', () => {
    check(
      fc.property(specs, (s) => {
        const clean = normalizeTaskFilter(s);
        const query = serializeTaskFilter(s).toString();
        expect(parseTaskFilter(query)).toEqual(clean);
        expect(parseTaskFilter(withTaskFilter('?task=x', s))).toEqual(clean);
        // Equal filters, equal addresses.
        expect(serializeTaskFilter(clean).toString()).toBe(query);
      }),
    );
  });
});

describe('task filter: the matcher agrees with the rules stated plainly', () => {
  const fold = (s: string) =>
    s
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  const days = ['2026-11-30', '2026-12-02', '2026-12-03', '2026-12-05', '2026-12-06', '2026-12-07', null];
  const tasks = fc.array(
    fc.record({
      title: fc.constantFrom('Login page', 'Sign-up form', 'Dark theme', 'Crash on login'),
      assignee: fc.constantFrom(null, 'ann', 'bob'),
      labels: fc.subarray(['ui', 'api', 'bug']),
      priority: fc.constantFrom<Priority>(...PRIORITIES),
      deadline: fc.constantFrom(...days),
      sprintId: fc.constantFrom(null, 's1'),
    }),
    { maxLength: 30 },
  );
  const filters = fc.record({
    text: fc.constantFrom('', 'login', 'page', 'sign up', 'web'),
    assignees: fc.subarray(['me', 'none', 'bob']),
    labels: fc.subarray(['ui', 'bug']),
    priorities: fc.subarray([...PRIORITIES]),
    due: fc.subarray([...DUE_FILTERS]),
    sprints: fc.subarray(['s1', 'backlog']),
    types: fc.constant([]),
  });

  it('on random tasks and filters', () => {
    check(
      fc.property(tasks, filters, (raw, s) => {
        const all = raw.map((fields) => task(fields));
        const plain = (t: FilterableTask) => {
          const text = `${fold(t.title)} web ${t.number}`;
          const who = t.assignee === null ? 'none' : t.assignee === 'ann' ? 'me' : t.assignee;
          const d = t.deadline;
          const bucket =
            d === null
              ? ['none']
              : d < '2026-12-03'
                ? ['overdue']
                : d === '2026-12-03'
                  ? ['today', 'week']
                  : d <= '2026-12-06'
                    ? ['week']
                    : [];
          return (
            fold(s.text)
              .split(' ')
              .every((w) => text.includes(w)) &&
            (s.assignees.length === 0 || s.assignees.includes(who)) &&
            (s.labels.length === 0 || t.labels.some((l) => s.labels.includes(l))) &&
            (s.priorities.length === 0 || s.priorities.includes(t.priority)) &&
            (s.due.length === 0 || bucket.some((b) => (s.due as string[]).includes(b))) &&
            (s.sprints.length === 0 || s.sprints.includes(t.sprintId ?? 'backlog'))
          );
        };
        expect(ids(all, s)).toEqual(all.filter(plain).map((t) => t.id));
      }),
    );
  });
});

describe('my work order', () => {
  it('overdue first (oldest first), then by due day, then undated; higher priority first among equals', () => {
    const undated = task({ title: 'Undated' });
    const later = task({ title: 'Later', deadline: '2026-12-20' });
    const overdue = task({ title: 'Overdue', deadline: '2026-11-01' });
    const soonLow = task({ title: 'Soon low', deadline: '2026-12-04', priority: 'low' });
    const soonHigh = task({ title: 'Soon high', deadline: '2026-12-04', priority: 'high' });
    const sorted = [undated, later, soonLow, overdue, soonHigh].sort(compareByDue);
    expect(sorted.map((t) => t.title)).toEqual(['Overdue', 'Soon high', 'Soon low', 'Later', 'Undated']);
  });
});
