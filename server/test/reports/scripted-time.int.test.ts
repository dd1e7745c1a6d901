/**
 * Issue 12 must-show 1: the scripted project's time report equals the figures worked out by hand
 * from docs/REPORTS.md (the script: scripted-project.ts), and every bad request is refused.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ApiAnswer } from '../helpers/auth.ts';
import { ann, bob, closeScript, get, key, P, runScript, S, T } from './scripted-project.ts';

describe('issue 12 must-show 1: time and refusals on the scripted project', () => {
  beforeAll(runScript);
  afterAll(closeScript);

  describe('time', () => {
    type Person = { id: string; name: string; seconds: Record<string, number>; totalSeconds: number };
    type TaskTime = {
      taskId: string;
      key: string;
      title: string;
      loggedSeconds: number;
      timeSpentSeconds: number;
      originalEstimateSeconds: number | null;
    };
    /**
     * The contract leaves open whether a week with nothing logged is written as 0 or left out, and
     * whether a task with no time at all is listed: both read as zero here. Order: by name / title.
     */
    const people = (weeks: string[], list: Person[]) =>
      list
        .map((p) => ({ ...p, seconds: Object.fromEntries(weeks.map((w) => [w, p.seconds[w] ?? 0])) }))
        .sort((x, y) => (x.name < y.name ? -1 : 1));
    const tasks = (list: TaskTime[]) =>
      list
        .filter((t) => t.loggedSeconds !== 0 || t.timeSpentSeconds !== 0)
        .sort((x, y) => (x.title < y.title ? -1 : 1));
    const WEEKS = ['2026-03-02', '2026-03-09', '2026-03-16'];
    const taskTimes = () => [
      // A: 3600 in the range, 1800 more on Feb 26 (before it).
      {
        taskId: T.A,
        key: key('A'),
        title: 'Task A',
        loggedSeconds: 3600,
        timeSpentSeconds: 5400,
        originalEstimateSeconds: 7200,
      },
      {
        taskId: T.B,
        key: key('B'),
        title: 'Task B',
        loggedSeconds: 7200,
        timeSpentSeconds: 7200,
        originalEstimateSeconds: null,
      },
      // Bob's deleted worklog on D counts nowhere.
      {
        taskId: T.J,
        key: key('J'),
        title: 'Task J',
        loggedSeconds: 7200,
        timeSpentSeconds: 7200,
        originalEstimateSeconds: null,
      },
      {
        taskId: T.L,
        key: key('L'),
        title: 'Task L',
        loggedSeconds: 5400,
        timeSpentSeconds: 5400,
        originalEstimateSeconds: 3600,
      },
    ];

    test('per person per New York week: Ann’s Sunday-night worklog is in the week of Mar 2', async () => {
      const res = await get(ann, `/projects/${P}/time?from=2026-03-02&to=2026-03-20`);
      expect(res.status).toBe(200);
      expect(res.body.weeks).toEqual(WEEKS);
      expect(people(WEEKS, res.body.people)).toEqual([
        {
          id: ann.user.id,
          name: 'Ann',
          seconds: { '2026-03-02': 10800, '2026-03-09': 0, '2026-03-16': 5400 },
          totalSeconds: 16200,
        },
        {
          id: bob.user.id,
          name: 'Bob',
          seconds: { '2026-03-02': 0, '2026-03-09': 7200, '2026-03-16': 0 },
          totalSeconds: 7200,
        },
      ]);
      expect(tasks(res.body.tasks)).toEqual(taskTimes());
    });

    test('per UTC week: the same worklog is on Monday Mar 9', async () => {
      const res = await get(bob, `/projects/${P}/time?from=2026-03-02&to=2026-03-20`);
      expect(res.status).toBe(200);
      expect(people(WEEKS, res.body.people)).toEqual([
        {
          id: ann.user.id,
          name: 'Ann',
          seconds: { '2026-03-02': 3600, '2026-03-09': 7200, '2026-03-16': 5400 },
          totalSeconds: 16200,
        },
        {
          id: bob.user.id,
          name: 'Bob',
          seconds: { '2026-03-02': 0, '2026-03-09': 7200, '2026-03-16': 0 },
          totalSeconds: 7200,
        },
      ]);
      expect(tasks(res.body.tasks)).toEqual(taskTimes());
    });
  });

  describe('refusals', () => {
    const code = (res: ApiAnswer) => (res.body as { error?: { code?: string } }).error?.code;

    test('400 for a range ending before it starts, over two years, or a malformed day', async () => {
      for (const report of ['cfd', 'cycle-time', 'created-resolved', 'time']) {
        const backwards = await get(ann, `/projects/${P}/${report}?from=2026-03-10&to=2026-03-01`);
        expect([report, backwards.status, code(backwards)]).toEqual([report, 400, 'invalid_input']);
        const long = await get(ann, `/projects/${P}/${report}?from=2023-01-01&to=2026-03-01`);
        expect([report, long.status, code(long)]).toEqual([report, 400, 'invalid_input']);
      }
      for (const bad of ['from=2026-3-1&to=2026-03-10', 'from=2026-02-30&to=2026-03-10', 'from=yesterday']) {
        const res = await get(ann, `/projects/${P}/cfd?${bad}`);
        expect([bad, res.status, code(res)]).toEqual([bad, 400, 'invalid_input']);
      }
      // Just under two years is allowed.
      expect((await get(ann, `/projects/${P}/created-resolved?from=2024-04-01&to=2026-03-20`)).status).toBe(
        200,
      );
    });

    test('400 for a sprint count outside 1–50', async () => {
      for (const n of ['0', '51', 'seven']) {
        const res = await get(ann, `/projects/${P}/velocity?sprints=${n}`);
        expect([n, res.status, code(res)]).toEqual([n, 400, 'invalid_input']);
      }
    });

    test('404 for an unknown project or sprint; 409 for the burndown of a sprint not started', async () => {
      for (const report of ['velocity', 'cfd', 'cycle-time', 'created-resolved', 'time']) {
        const res = await get(ann, `/projects/no-such-project/${report}`);
        expect([report, res.status]).toEqual([report, 404]);
      }
      expect((await get(ann, '/sprints/no-such-sprint/burndown')).status).toBe(404);
      const planned = await get(ann, `/sprints/${S[5]}/burndown`);
      expect([planned.status, code(planned)]).toEqual([409, 'conflict']);
    });
  });
});
