/**
 * Issue 12 must-show 1: the scripted project's cumulative flow, cycle time and created vs resolved
 * equal the series worked out by hand from docs/REPORTS.md (the script: scripted-project.ts).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ann,
  bob,
  closeScript,
  DONE,
  get,
  key,
  P,
  PROG,
  REV,
  runScript,
  T,
  TODO,
} from './scripted-project.ts';

describe('issue 12 must-show 1: flow of the scripted project', () => {
  beforeAll(runScript);
  afterAll(closeScript);

  describe('cumulative flow', () => {
    const counts = (todo: number, prog: number, rev: number | null, done: number) => ({
      [TODO]: todo,
      [PROG]: prog,
      ...(rev === null ? {} : { [REV]: rev }),
      [DONE]: done,
    });

    test('tasks per column at the end of each New York day; Review absent once archived', async () => {
      const res = await get(ann, `/projects/${P}/cfd?from=2026-03-01&to=2026-03-20`);
      expect(res.status).toBe(200);
      expect(res.body.columns).toEqual([
        { id: TODO, name: 'To Do', archived: false },
        { id: PROG, name: 'In Progress', archived: false },
        { id: REV, name: 'Review', archived: true },
        { id: DONE, name: 'Done', archived: false },
      ]);
      //                        To Do  Prog  Review  Done
      expect(res.body.days).toEqual([
        { date: '2026-03-01', counts: counts(8, 0, 0, 0) }, // A–H created Feb 27
        { date: '2026-03-02', counts: counts(7, 0, 0, 1) }, // A done 21:30 EST
        { date: '2026-03-03', counts: counts(6, 1, 0, 1) }, // B in progress
        { date: '2026-03-04', counts: counts(5, 0, 0, 3) }, // B, E done; C out and back
        { date: '2026-03-05', counts: counts(3, 2, 0, 3) }, // C, D in progress
        { date: '2026-03-06', counts: counts(3, 1, 0, 4) }, // C through Review to Done
        { date: '2026-03-07', counts: counts(2, 2, 0, 4) }, // F in progress
        { date: '2026-03-08', counts: counts(2, 1, 0, 5) }, // F done 21:00 EDT
        { date: '2026-03-09', counts: counts(4, 0, 1, 5) }, // D in Review; I, J created
        { date: '2026-03-10', counts: counts(3, 1, 0, 6) }, // D done; I in progress
        { date: '2026-03-11', counts: counts(4, 0, 0, 7) }, // Bob offline: I done, K created (his move of H lost)
        { date: '2026-03-12', counts: counts(2, 2, 0, 7) }, // J, H in progress
        { date: '2026-03-13', counts: counts(2, 1, 0, 8) }, // J done
        { date: '2026-03-14', counts: counts(2, 1, null, 8) }, // Review archived
        { date: '2026-03-15', counts: counts(2, 1, null, 8) },
        { date: '2026-03-16', counts: counts(4, 2, null, 7) }, // L, M created; E reopened
        { date: '2026-03-17', counts: counts(3, 3, null, 8) }, // E done; N created in progress; L in progress
        { date: '2026-03-18', counts: counts(2, 1, null, 10) }, // M archived; N done; L done 23:00 EDT
        { date: '2026-03-19', counts: counts(2, 1, null, 10) },
        { date: '2026-03-20', counts: counts(2, 1, null, 10) },
      ]);
    });

    test('in UTC, F is still in progress at the end of Mar 8', async () => {
      const res = await get(bob, `/projects/${P}/cfd?from=2026-03-08&to=2026-03-09`);
      expect(res.status).toBe(200);
      expect(res.body.days).toEqual([
        { date: '2026-03-08', counts: counts(2, 2, 0, 4) },
        { date: '2026-03-09', counts: counts(4, 0, 1, 5) },
      ]);
    });

    test('without a range: the 30 days ending today (in the reader’s zone)', async () => {
      const res = await get(ann, `/projects/${P}/cfd`);
      expect(res.status).toBe(200);
      expect(res.body.days).toHaveLength(30);
      expect(res.body.days[0].date).toBe('2026-02-19');
      expect(res.body.days[29]).toEqual({ date: '2026-03-20', counts: counts(2, 1, null, 10) });
    });
  });

  describe('cycle time', () => {
    type CycleTask = {
      taskId: string;
      key: string;
      title: string;
      startedAt: string;
      doneAt: string;
      days: number;
    };
    const cycle = (title: string, startedAt: string, doneAt: string, days: number) => ({
      taskId: T[title],
      key: key(title),
      title: `Task ${title}`,
      startedAt: Date.parse(startedAt),
      doneAt: Date.parse(doneAt),
      days,
    });
    /** Instants compared as instants (the contract does not fix how they are written), by title. */
    const normalized = (tasks: CycleTask[]) =>
      tasks
        .map((t) => ({ ...t, startedAt: Date.parse(t.startedAt), doneAt: Date.parse(t.doneAt) }))
        .sort((x, y) => (x.title < y.title ? -1 : 1));

    test('first move out of To Do (or creation in a later column) to first arrival in Done', async () => {
      const res = await get(ann, `/projects/${P}/cycle-time?from=2026-03-01&to=2026-03-20`);
      expect(res.status).toBe(200);
      expect(res.body.startColumnId).toBe(TODO);
      expect(res.body.doneColumnId).toBe(DONE);
      expect(normalized(res.body.tasks)).toEqual([
        cycle('A', '2026-03-02T16:00:00Z', '2026-03-03T02:30:00Z', 0.44), // 10.5 h
        cycle('B', '2026-03-03T18:00:00Z', '2026-03-04T15:30:00Z', 0.9), // 21.5 h
        cycle('C', '2026-03-04T15:30:00Z', '2026-03-06T18:00:00Z', 2.1), // moved back, counted from its first move out
        cycle('D', '2026-03-05T16:00:00Z', '2026-03-10T16:00:00Z', 5),
        cycle('E', '2026-03-04T20:00:00Z', '2026-03-04T20:00:00Z', 0), // straight to Done; its second Done is not a new cycle
        cycle('F', '2026-03-07T15:00:00Z', '2026-03-09T01:00:00Z', 1.42), // 34 h
        cycle('I', '2026-03-10T17:00:00Z', '2026-03-11T15:00:00Z', 0.92), // 22 h, done by Bob offline
        cycle('J', '2026-03-12T16:00:00Z', '2026-03-13T20:00:00Z', 1.17), // 28 h
        cycle('L', '2026-03-17T16:00:00Z', '2026-03-19T03:00:00Z', 1.46), // 35 h
        cycle('N', '2026-03-17T15:00:00Z', '2026-03-18T21:00:00Z', 1.25), // created in progress, 30 h
      ]);
      // Sorted: 0, 0.44, 0.9, 0.92, 1.17, 1.25, 1.42, 1.46, 2.1, 5. Nearest rank: the 5th and the 9th.
      expect(res.body.medianDays).toBe(1.17);
      expect(res.body.p85Days).toBe(2.1);
    });

    test('only cycles ending in the range, by the reader’s days: F ended Mar 8 in New York, Mar 9 in UTC', async () => {
      const ny = await get(ann, `/projects/${P}/cycle-time?from=2026-03-09&to=2026-03-13`);
      expect(ny.status).toBe(200);
      expect(normalized(ny.body.tasks).map((t) => t.title)).toEqual(['Task D', 'Task I', 'Task J']);
      // 0.92, 1.17, 5: ranks 2 and 3.
      expect(ny.body.medianDays).toBe(1.17);
      expect(ny.body.p85Days).toBe(5);
      const utc = await get(bob, `/projects/${P}/cycle-time?from=2026-03-09&to=2026-03-13`);
      expect(normalized(utc.body.tasks).map((t) => t.title)).toEqual([
        'Task D',
        'Task F',
        'Task I',
        'Task J',
      ]);
      // 0.92, 1.17, 1.42, 5: ranks 2 and 4.
      expect(utc.body.medianDays).toBe(1.17);
      expect(utc.body.p85Days).toBe(5);
    });

    test('a range with no finished cycle: no tasks, null median and 85th percentile', async () => {
      const res = await get(ann, `/projects/${P}/cycle-time?from=2026-02-01&to=2026-02-10`);
      expect(res.status).toBe(200);
      expect(res.body.tasks).toEqual([]);
      expect(res.body.medianDays).toBeNull();
      expect(res.body.p85Days).toBeNull();
    });
  });

  describe('created vs resolved', () => {
    test('per New York week: E counts twice (reopened and done again), F in the week of Mar 2', async () => {
      const res = await get(ann, `/projects/${P}/created-resolved?from=2026-02-25&to=2026-03-20`);
      expect(res.status).toBe(200);
      // Created: A–H (Feb 27); I, J, K; L, M (archived later, still counted), N.
      // Resolved: A B E C F | D I J | E N L.
      expect(res.body.weeks).toEqual([
        { week: '2026-02-23', created: 8, resolved: 0 },
        { week: '2026-03-02', created: 0, resolved: 5 },
        { week: '2026-03-09', created: 3, resolved: 3 },
        { week: '2026-03-16', created: 3, resolved: 3 },
      ]);
    });

    test('per UTC week: F is resolved on Monday Mar 9', async () => {
      const res = await get(bob, `/projects/${P}/created-resolved?from=2026-02-25&to=2026-03-20`);
      expect(res.status).toBe(200);
      expect(res.body.weeks).toEqual([
        { week: '2026-02-23', created: 8, resolved: 0 },
        { week: '2026-03-02', created: 0, resolved: 4 },
        { week: '2026-03-09', created: 3, resolved: 4 },
        { week: '2026-03-16', created: 3, resolved: 3 },
      ]);
    });
  });
});
