/**
 * Issue 12 must-show 1: the scripted project's sprint burndowns and velocity equal the series worked
 * out by hand from docs/REPORTS.md (the script and its timeline: scripted-project.ts).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ann,
  type BurndownDay,
  bob,
  closeScript,
  get,
  P,
  runScript,
  S,
  s3AfterBobSynced,
  s3BeforeBobSynced,
} from './scripted-project.ts';

describe('issue 12 must-show 1: burndown and velocity of the scripted project', () => {
  beforeAll(runScript);
  afterAll(closeScript);

  /*
   * LAST DAY. In a sprint's own burndown its completion does not send its open tasks away
   * (docs/REPORTS.md): the last day shows the work left undone, as a burndown should.
   */
  describe('sprint burndown', () => {
    test('Sprint 1 in New York: E added and B re-estimated on Mar 3, open work still remains on the last day', async () => {
      const res = await get(ann, `/sprints/${S[1]}/burndown`);
      expect(res.status).toBe(200);
      expect(res.body.unit).toBe('points');
      expect(res.body.committed).toBe(18);
      expect(res.body.sprint).toEqual({
        id: S[1],
        name: 'Sprint 1',
        state: 'closed',
        startDate: '2026-03-02',
        endDate: '2026-03-04',
      });
      // n = 3 days (start Mar 2, end date and completion Mar 4); ideal 18 × (1 − d/2).
      // Mar 2: A done at 21:30 EST → remaining B5 C2 D8 = 15.
      // Mar 3: scope A3 B8 C2 D8 E1 = 22 (+1 E, +3 B); remaining 22 − A3 = 19.
      // Mar 4: B and E done; completed at 17:00 EST with C and D open: the scope frozen at the
      //        completion is still 22 and C2 + D8 = 10 remain (see LAST DAY above).
      expect(res.body.days).toEqual([
        { date: '2026-03-02', remaining: 15, ideal: 18, scopeChange: 0 },
        { date: '2026-03-03', remaining: 19, ideal: 9, scopeChange: 4 },
        { date: '2026-03-04', remaining: 10, ideal: 0, scopeChange: 0 },
      ] satisfies BurndownDay[]);
    });

    test('Sprint 1 in UTC: A is done on Mar 3, not Mar 2 (days are the reader’s)', async () => {
      const res = await get(bob, `/sprints/${S[1]}/burndown`);
      expect(res.status).toBe(200);
      expect(res.body.days).toEqual([
        { date: '2026-03-02', remaining: 18, ideal: 18, scopeChange: 0 },
        { date: '2026-03-03', remaining: 19, ideal: 9, scopeChange: 4 },
        { date: '2026-03-04', remaining: 10, ideal: 0, scopeChange: 0 },
      ] satisfies BurndownDay[]);
    });

    test('Sprint 2: completed a day after its end date, so the chart runs to the completion day', async () => {
      const res = await get(ann, `/sprints/${S[2]}/burndown`);
      expect(res.status).toBe(200);
      expect(res.body.committed).toBe(20);
      expect(res.body.sprint).toMatchObject({
        state: 'closed',
        startDate: '2026-03-05',
        endDate: '2026-03-09',
      });
      // Scope C2 D8 F3 G5 H2 = 20 (C and D carried from Sprint 1). n = 6 (Mar 5–10); ideal 20 × (1 − d/5).
      // Mar 6: C done, H removed (−2) → scope 18, remaining D8 F3 G5 = 16.
      // Mar 8: F done at 21:00 EDT → 13. Mar 10: completed with D and G open: they remain (13).
      expect(res.body.days).toEqual([
        { date: '2026-03-05', remaining: 20, ideal: 20, scopeChange: 0 },
        { date: '2026-03-06', remaining: 16, ideal: 16, scopeChange: -2 },
        { date: '2026-03-07', remaining: 16, ideal: 12, scopeChange: 0 },
        { date: '2026-03-08', remaining: 13, ideal: 8, scopeChange: 0 },
        { date: '2026-03-09', remaining: 13, ideal: 4, scopeChange: 0 },
        { date: '2026-03-10', remaining: 13, ideal: 0, scopeChange: 0 },
      ] satisfies BurndownDay[]);
    });

    test('Sprint 3 while active, before Bob’s offline day arrived: runs to today, without his changes', () => {
      expect(s3BeforeBobSynced.status).toBe(200);
      expect(s3BeforeBobSynced.body.sprint).toMatchObject({ state: 'active' });
      // Active and today (Mar 20) is after its end date: days Mar 10–20, n = 11, ideal 16 × (1 − d/10).
      // Scope D8 I3 J5 = 16; D done Mar 10 → 8; J 5 → 3 on Mar 12 (−2) → 6.
      expect(s3BeforeBobSynced.body.days).toEqual([
        { date: '2026-03-10', remaining: 8, ideal: 16, scopeChange: 0 },
        { date: '2026-03-11', remaining: 8, ideal: 14.4, scopeChange: 0 },
        { date: '2026-03-12', remaining: 6, ideal: 12.8, scopeChange: -2 },
        { date: '2026-03-13', remaining: 6, ideal: 11.2, scopeChange: 0 },
        { date: '2026-03-14', remaining: 6, ideal: 9.6, scopeChange: 0 },
        { date: '2026-03-15', remaining: 6, ideal: 8, scopeChange: 0 },
        { date: '2026-03-16', remaining: 6, ideal: 6.4, scopeChange: 0 },
        { date: '2026-03-17', remaining: 6, ideal: 4.8, scopeChange: 0 },
        { date: '2026-03-18', remaining: 6, ideal: 3.2, scopeChange: 0 },
        { date: '2026-03-19', remaining: 6, ideal: 1.6, scopeChange: 0 },
        { date: '2026-03-20', remaining: 6, ideal: 0, scopeChange: 0 },
      ] satisfies BurndownDay[]);
    });

    test('Sprint 3 right after Bob synced: his Mar 11 changes count on Mar 11, though they arrived after Mar 12’s', () => {
      expect(s3AfterBobSynced.status).toBe(200);
      // Mar 11: K added (+2), I done → scope 18, remaining J5 K2 = 7. Mar 12: J −2 → 16, remaining 5.
      expect(s3AfterBobSynced.body.days).toEqual([
        { date: '2026-03-10', remaining: 8, ideal: 16, scopeChange: 0 },
        { date: '2026-03-11', remaining: 7, ideal: 14.4, scopeChange: 2 },
        { date: '2026-03-12', remaining: 5, ideal: 12.8, scopeChange: -2 },
        { date: '2026-03-13', remaining: 5, ideal: 11.2, scopeChange: 0 },
        { date: '2026-03-14', remaining: 5, ideal: 9.6, scopeChange: 0 },
        { date: '2026-03-15', remaining: 5, ideal: 8, scopeChange: 0 },
        { date: '2026-03-16', remaining: 5, ideal: 6.4, scopeChange: 0 },
        { date: '2026-03-17', remaining: 5, ideal: 4.8, scopeChange: 0 },
        { date: '2026-03-18', remaining: 5, ideal: 3.2, scopeChange: 0 },
        { date: '2026-03-19', remaining: 5, ideal: 1.6, scopeChange: 0 },
        { date: '2026-03-20', remaining: 5, ideal: 0, scopeChange: 0 },
      ] satisfies BurndownDay[]);
    });

    test('Sprint 3 once completed (Mar 13, before its end date): K (sent on to Sprint 4) is what remained', async () => {
      const res = await get(ann, `/sprints/${S[3]}/burndown`);
      expect(res.status).toBe(200);
      expect(res.body.committed).toBe(16);
      expect(res.body.sprint).toMatchObject({
        state: 'closed',
        startDate: '2026-03-10',
        endDate: '2026-03-15',
      });
      // Days Mar 10–15 (its end date), n = 6; ideal 16 × (1 − d/5). Mar 13: J done; K open at the
      // completion: 2. Mar 14 and 15 are after the completion's day: no remaining, no scope change.
      expect(res.body.days).toEqual([
        { date: '2026-03-10', remaining: 8, ideal: 16, scopeChange: 0 },
        { date: '2026-03-11', remaining: 7, ideal: 12.8, scopeChange: 2 },
        { date: '2026-03-12', remaining: 5, ideal: 9.6, scopeChange: -2 },
        { date: '2026-03-13', remaining: 2, ideal: 6.4, scopeChange: 0 },
        { date: '2026-03-14', remaining: null, ideal: 3.2, scopeChange: 0 },
        { date: '2026-03-15', remaining: null, ideal: 0, scopeChange: 0 },
      ] satisfies BurndownDay[]);
    });

    test('Sprint 4, active: a task created in it, one archived, days after today have no remaining', async () => {
      const res = await get(ann, `/sprints/${S[4]}/burndown`);
      expect(res.status).toBe(200);
      expect(res.body.committed).toBe(12);
      expect(res.body.sprint).toEqual({
        id: S[4],
        name: 'Sprint 4',
        state: 'active',
        startDate: '2026-03-16',
        endDate: '2026-03-22',
      });
      // Scope K2 (from Sprint 3) L4 M6 = 12. n = 7 (Mar 16–22), ideal 12 × (1 − d/6).
      // Mar 17: N3 created in it (+3) → 15. Mar 18: M archived (−6) → 9; N done, L done at 23:00 EDT
      // → remaining K2. Mar 21 and 22 are after today.
      expect(res.body.days).toEqual([
        { date: '2026-03-16', remaining: 12, ideal: 12, scopeChange: 0 },
        { date: '2026-03-17', remaining: 15, ideal: 10, scopeChange: 3 },
        { date: '2026-03-18', remaining: 2, ideal: 8, scopeChange: -6 },
        { date: '2026-03-19', remaining: 2, ideal: 6, scopeChange: 0 },
        { date: '2026-03-20', remaining: 2, ideal: 4, scopeChange: 0 },
        { date: '2026-03-21', remaining: null, ideal: 2, scopeChange: 0 },
        { date: '2026-03-22', remaining: null, ideal: 0, scopeChange: 0 },
      ] satisfies BurndownDay[]);
    });
  });

  describe('velocity', () => {
    test('the closed sprints, oldest first: committed at start, completed = done weight at completion', async () => {
      const res = await get(ann, `/projects/${P}/velocity?sprints=7`);
      expect(res.status).toBe(200);
      expect(res.body.unit).toBe('points');
      // S1: A3 + B8 (re-estimated) + E1 = 12. S2: C2 + F3 = 5. S3: D8 + I3 (Bob's offline move) + J3 = 14.
      expect(res.body.sprints).toEqual([
        { id: S[1], name: 'Sprint 1', committed: 18, completed: 12 },
        { id: S[2], name: 'Sprint 2', committed: 20, completed: 5 },
        { id: S[3], name: 'Sprint 3', committed: 16, completed: 14 },
      ]);
    });

    test('sprints=2 keeps the last two; the default is 7', async () => {
      const two = await get(ann, `/projects/${P}/velocity?sprints=2`);
      expect(two.status).toBe(200);
      expect(two.body.sprints.map((s: { name: string }) => s.name)).toEqual(['Sprint 2', 'Sprint 3']);
      const dflt = await get(ann, `/projects/${P}/velocity`);
      expect(dflt.body.sprints.map((s: { name: string }) => s.name)).toEqual([
        'Sprint 1',
        'Sprint 2',
        'Sprint 3',
      ]);
    });
  });
});
