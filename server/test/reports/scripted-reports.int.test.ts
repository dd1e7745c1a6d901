/**
 * Issue 12 must-show 1 (docs/REPORTS.md): a scripted Scrum project whose every change has a known
 * time gives exactly the hand-computed burndown, velocity, cumulative flow, cycle time, created vs
 * resolved and time series. The expected numbers below were worked out by hand from the contract,
 * never by calling the report code; the comments beside each table say where each number comes from.
 *
 * Real parts: a server on 127.0.0.1 with SQLite in a temp dir, real sync clients making every change
 * through the model with an editor whose clock the script sets, REST with the person's token. The
 * server's clock is fixed at NOW (2026-03-20T12:00Z) so "today" is known; every stamp is before it.
 *
 * Ann reads in America/New_York (EST, UTC−5, until 2026-03-08T07:00Z; EDT, UTC−4, after); Bob chose
 * no zone, so he reads in the workspace's (UTC). A few changes sit between midnight UTC and midnight
 * in New York, so the two see them on different days.
 *
 * The timeline (UTC; points; columns To Do → In Progress → Review → Done):
 *   Feb 27  project REP created; Sprints 1–5 planned; tasks A3 B5 C2 D8 (S1), E1 (backlog),
 *           F3 G5 H2 (S2) created in To Do. A worklog of Ann's on A dated Feb 26.
 *   Mar 2   S1 starts (committed 18). A → In Progress; A → Done at Mar 3 02:30Z (Mar 2 in New York).
 *   Mar 3   E planned into S1 (+1); B's estimate 5 → 8 (+3); B → In Progress.
 *   Mar 4   B → Done; C → In Progress and back to To Do; E → Done; S1 completed, C and D open → S2.
 *   Mar 5   S2 starts (committed 20: C D F G H). C, D → In Progress.
 *   Mar 6   C → Review → Done; H removed from S2 (−2).
 *   Mar 7   F → In Progress; F → Done at Mar 9 01:00Z (Mar 8 in New York).
 *   Mar 9   D → Review; I3 J5 created in S3; Ann's worklog on B started Mar 9 03:00Z (a Sunday in NY).
 *   Mar 10  S2 completed a day after its end, open D and G → backlog; D planned into S3; S3 starts
 *           (committed 16: D I J); D → Done; I → In Progress. Bob logs on D and deletes it.
 *   Mar 11  Bob, offline: I → Done, creates K2 in S3, logs 2 h on J, moves H (backlog) to Review. He
 *           syncs only after Ann's Mar 12.
 *   Mar 12  Ann (online): J's estimate 5 → 3; J → In Progress; H → In Progress (so Bob's move of H
 *           arrives lost). [Sprint 3's burndown read before and after Bob syncs]
 *   Mar 13  J → Done; S3 completed two days before its end date, K open → S4.
 *   Mar 14  the Review column is archived (empty).
 *   Mar 16  L4 M6 created in S4; S4 starts (committed 12: K L M); E reopened (→ In Progress).
 *   Mar 17  E → Done again; N3 created directly in In Progress, in S4 (+3); L → In Progress.
 *   Mar 18  M archived (−6); N → Done; L → Done at Mar 19 03:00Z (Mar 18 in New York).
 */
import {
  addColumn,
  addWorklog,
  archiveColumn,
  archiveTask,
  completeSprint,
  createProject,
  createSprint,
  createTask,
  deleteWorklog,
  type Editor,
  moveTask,
  planTask,
  readTask,
  startSprint,
  updateTask,
} from '@taskflow/model';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type * as Y from 'yjs';
import { type ApiAnswer, addMember, call, createWorkspace, type Session, signUp } from '../helpers/auth.ts';
import { connectClient, type TestClient, until } from '../helpers/client.ts';
import { startTestServer, type TestServer } from '../helpers/in-process.ts';

const NOW = Date.parse('2026-03-20T12:00:00Z');
const NY = 'America/New_York';

type BurndownDay = { date: string; remaining: number | null; ideal: number; scopeChange: number };

describe('issue 12 must-show 1: reports of a scripted project equal the hand-computed series', () => {
  let server: TestServer;
  let ann: Session;
  let bob: Session;
  let ws: string;
  const clients: TestClient[] = [];

  // Ids the script fills in.
  let P = '';
  let TODO = '';
  let PROG = '';
  let REV = '';
  let DONE = '';
  const S: Record<1 | 2 | 3 | 4 | 5, string> = { 1: '', 2: '', 3: '', 4: '', 5: '' };
  const T: Record<string, string> = {};
  /** Sprint 3's burndown as Ann read it before Bob's offline changes arrived, and right after. */
  let s3BeforeBobSynced: ApiAnswer<{ sprint: { state: string }; days: BurndownDay[] }>;
  let s3AfterBobSynced: ApiAnswer<{ sprint: { state: string }; days: BurndownDay[] }>;
  let annDoc: Y.Doc;

  const get = (who: Session, path: string) => {
    const sep = path.includes('?') ? '&' : '?';
    return call(server.url, 'GET', `${path}${sep}workspaceId=${ws}`, { token: who.accessToken });
  };

  beforeAll(async () => {
    server = await startTestServer({
      now: () => NOW,
      tickMs: 3_600_000,
      senderMs: 3_600_000,
    });
    ann = await signUp(server.url, { name: 'Ann' });
    bob = await signUp(server.url, { name: 'Bob' });
    ws = await createWorkspace(ann, 'Reports');
    await addMember(ann, ws, bob, 'member');
    const zone = await call(server.url, 'PATCH', '/me', { token: ann.accessToken, body: { timeZone: NY } });
    expect(zone.status).toBe(200);

    const annC = connectClient(server.wsUrl, { name: ws, token: ann.token });
    const bobC = connectClient(server.wsUrl, { name: ws, token: bob.token });
    clients.push(annC, bobC);
    await Promise.all([annC.synced, bobC.synced]);
    annDoc = annC.doc;
    const d = annC.doc;
    const bd = bobC.doc;
    // Each step is made as the signed-in person (the server refuses edits naming someone else),
    // with the clock at the step's time: every stamp of the change (createdAt, updatedAt, a move's
    // hlc, a sprint's start.at and completion.at, a worklog's createdAt) is that time.
    const a = (iso: string): Editor => ({
      origin: { kind: 'user', actorId: ann.user.id },
      now: () => Date.parse(iso),
    });
    const b = (iso: string): Editor => ({
      origin: { kind: 'user', actorId: bob.user.id },
      now: () => Date.parse(iso),
    });
    const task = (e: Editor, title: string, extra: Record<string, unknown> = {}, doc: Y.Doc = d) => {
      T[title] = createTask(doc, e, { projectId: P, title: `Task ${title}`, ...extra });
      return T[title];
    };
    const move = (e: Editor, title: string, column: string, doc: Y.Doc = d) =>
      moveTask(doc, e, T[title] as string, column, 0);

    // Feb 27: the project, its sprints and the first tasks.
    P = createProject(d, a('2026-02-27T15:00:00Z'), {
      name: 'Reports',
      key: 'REP',
      mode: 'scrum',
      estimationUnit: 'points',
    }).id;
    TODO = `${P}:col1`;
    PROG = `${P}:col2`;
    DONE = `${P}:col3`;
    REV = addColumn(d, a('2026-02-27T15:01:00Z'), { projectId: P, name: 'Review', index: 2 });
    const sprint = (n: 1 | 2 | 3 | 4 | 5, startDate: string, endDate: string) => {
      S[n] = createSprint(d, a('2026-02-27T15:05:00Z'), {
        projectId: P,
        name: `Sprint ${n}`,
        startDate,
        endDate,
      });
    };
    sprint(1, '2026-03-02', '2026-03-04');
    sprint(2, '2026-03-05', '2026-03-09');
    sprint(3, '2026-03-10', '2026-03-15');
    sprint(4, '2026-03-16', '2026-03-22');
    sprint(5, '2026-03-23', '2026-03-27');
    const feb27 = a('2026-02-27T15:10:00Z');
    task(feb27, 'A', { estimate: 3, sprintId: S[1], originalEstimateSeconds: 7200 });
    task(feb27, 'B', { estimate: 5, sprintId: S[1] });
    task(feb27, 'C', { estimate: 2, sprintId: S[1] });
    task(feb27, 'D', { estimate: 8, sprintId: S[1] });
    task(feb27, 'E', { estimate: 1 });
    task(feb27, 'F', { estimate: 3, sprintId: S[2] });
    task(feb27, 'G', { estimate: 5, sprintId: S[2] });
    task(feb27, 'H', { estimate: 2, sprintId: S[2] });
    addWorklog(d, a('2026-02-27T15:20:00Z'), T.A as string, {
      seconds: 1800,
      startedAt: '2026-02-26T15:00:00Z',
    });

    // Sprint 1.
    expect(startSprint(d, a('2026-03-02T14:00:00Z'), S[1]).start?.committed).toBe(18);
    move(a('2026-03-02T16:00:00Z'), 'A', PROG);
    addWorklog(d, a('2026-03-02T16:05:00Z'), T.A as string, {
      seconds: 3600,
      startedAt: '2026-03-02T15:00:00Z',
    });
    move(a('2026-03-03T02:30:00Z'), 'A', DONE);
    planTask(d, a('2026-03-03T15:00:00Z'), T.E as string, { sprintId: S[1], index: 0 });
    updateTask(d, a('2026-03-03T17:00:00Z'), T.B as string, { estimate: 8 });
    move(a('2026-03-03T18:00:00Z'), 'B', PROG);
    move(a('2026-03-04T15:30:00Z'), 'B', DONE);
    move(a('2026-03-04T15:30:00Z'), 'C', PROG);
    move(a('2026-03-04T16:00:00Z'), 'C', TODO);
    move(a('2026-03-04T20:00:00Z'), 'E', DONE);
    expect(completeSprint(d, a('2026-03-04T22:00:00Z'), S[1], S[2])).toEqual({ completed: 3, moved: 2 });

    // Sprint 2.
    expect(startSprint(d, a('2026-03-05T14:00:00Z'), S[2]).start?.committed).toBe(20);
    move(a('2026-03-05T15:00:00Z'), 'C', PROG);
    move(a('2026-03-05T16:00:00Z'), 'D', PROG);
    move(a('2026-03-06T15:00:00Z'), 'C', REV);
    move(a('2026-03-06T18:00:00Z'), 'C', DONE);
    planTask(d, a('2026-03-06T19:00:00Z'), T.H as string, { sprintId: null, index: 0 });
    move(a('2026-03-07T15:00:00Z'), 'F', PROG);
    move(a('2026-03-09T01:00:00Z'), 'F', DONE);
    addWorklog(d, a('2026-03-09T12:00:00Z'), T.B as string, {
      seconds: 7200,
      startedAt: '2026-03-09T03:00:00Z',
    });
    move(a('2026-03-09T15:00:00Z'), 'D', REV);
    task(a('2026-03-09T16:00:00Z'), 'I', { estimate: 3, sprintId: S[3] });
    task(a('2026-03-09T16:00:00Z'), 'J', { estimate: 5, sprintId: S[3] });
    expect(completeSprint(d, a('2026-03-10T14:00:00Z'), S[2], null)).toEqual({ completed: 2, moved: 2 });

    // Sprint 3, with Bob offline for a day.
    planTask(d, a('2026-03-10T14:30:00Z'), T.D as string, { sprintId: S[3], index: 0 });
    expect(startSprint(d, a('2026-03-10T15:00:00Z'), S[3]).start?.committed).toBe(16);
    move(a('2026-03-10T16:00:00Z'), 'D', DONE);
    move(a('2026-03-10T17:00:00Z'), 'I', PROG);
    await annC.acked();
    await until(bd, (doc) => readTask(doc, T.I as string)?.columnId === PROG);
    const deleted = addWorklog(bd, b('2026-03-10T15:30:00Z'), T.D as string, {
      seconds: 1800,
      startedAt: '2026-03-10T15:00:00Z',
    });
    deleteWorklog(bd, b('2026-03-10T16:30:00Z'), deleted);
    await bobC.acked();

    bobC.destroy();
    move(b('2026-03-11T15:00:00Z'), 'I', DONE, bd);
    // Bob moves H to Review; Ann moves it to In Progress on Mar 12 (online). Ann's is the later
    // move, so Bob's arrives as lost: H never was in Review.
    move(b('2026-03-11T14:00:00Z'), 'H', REV, bd);
    task(b('2026-03-11T16:00:00Z'), 'K', { estimate: 2, sprintId: S[3] }, bd);
    addWorklog(bd, b('2026-03-11T16:30:00Z'), T.J as string, {
      seconds: 7200,
      startedAt: '2026-03-11T13:00:00Z',
    });

    updateTask(d, a('2026-03-12T15:00:00Z'), T.J as string, { estimate: 3 });
    move(a('2026-03-12T16:00:00Z'), 'J', PROG);
    move(a('2026-03-12T17:00:00Z'), 'H', PROG);
    await annC.acked();
    s3BeforeBobSynced = await get(ann, `/sprints/${S[3]}/burndown`);

    const bobBack = connectClient(server.wsUrl, { name: ws, token: bob.token, doc: bd });
    clients.push(bobBack);
    await bobBack.synced;
    await bobBack.acked();
    await until(
      d,
      (doc) => readTask(doc, T.K as string) !== undefined && readTask(doc, T.I as string)?.columnId === DONE,
    );
    expect(readTask(d, T.H as string)?.columnId).toBe(PROG);
    s3AfterBobSynced = await get(ann, `/sprints/${S[3]}/burndown`);

    move(a('2026-03-13T20:00:00Z'), 'J', DONE);
    expect(completeSprint(d, a('2026-03-13T21:00:00Z'), S[3], S[4])).toEqual({ completed: 3, moved: 1 });
    archiveColumn(d, a('2026-03-14T15:00:00Z'), REV);

    // Sprint 4, still active today.
    task(a('2026-03-16T13:00:00Z'), 'L', { estimate: 4, sprintId: S[4], originalEstimateSeconds: 3600 });
    task(a('2026-03-16T13:00:00Z'), 'M', { estimate: 6, sprintId: S[4] });
    expect(startSprint(d, a('2026-03-16T14:00:00Z'), S[4]).start?.committed).toBe(12);
    move(a('2026-03-16T15:00:00Z'), 'E', PROG);
    move(a('2026-03-17T15:00:00Z'), 'E', DONE);
    task(a('2026-03-17T15:00:00Z'), 'N', { estimate: 3, sprintId: S[4], columnId: PROG });
    move(a('2026-03-17T16:00:00Z'), 'L', PROG);
    addWorklog(d, a('2026-03-17T17:00:00Z'), T.L as string, {
      seconds: 5400,
      startedAt: '2026-03-17T14:00:00Z',
    });
    archiveTask(d, a('2026-03-18T15:00:00Z'), T.M as string);
    move(a('2026-03-18T21:00:00Z'), 'N', DONE);
    move(a('2026-03-19T03:00:00Z'), 'L', DONE);
    await annC.acked();
    // Task keys are numbers the server gives; wait until every task has one.
    await until(d, (doc) => Object.values(T).every((id) => readTask(doc, id)?.number != null));
  });

  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.close();
  });

  const key = (title: string) => `REP-${readTask(annDoc, T[title] as string)?.number}`;

  /*
   * LAST DAY. docs/REPORTS.md, read word by word, would take a sprint's open tasks out of its own
   * scope at its completion (the effective sprint follows "a completion made at or before the
   * moment" to `openTo`), so every completed sprint would end at 0 remaining with a drop in scope.
   * The numbers here take "frozen at the completion moment" as the scope the sprint had when it was
   * completed, open tasks included: the last day shows the work left undone, as a burndown should.
   * The contract should say so in a sentence (reported to the owner).
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

describe('issue 12: a stamp later than its arrival counts at its arrival (a clock cannot make work in the future)', () => {
  let server: TestServer;
  let client: TestClient | undefined;
  afterAll(async () => {
    client?.destroy();
    await server?.close();
  });

  test('a move stamped next year, arriving today, is in Done at the end of today, not before', async () => {
    // The server's clock is the real one here: "today" is the day the move arrives.
    server = await startTestServer({ tickMs: 3_600_000, senderMs: 3_600_000 });
    const una = await signUp(server.url, { name: 'Una' });
    const ws = await createWorkspace(una, 'Clocks');
    client = connectClient(server.wsUrl, { name: ws, token: una.token });
    await client.synced;
    const me = { kind: 'user', actorId: una.user.id } as const;
    const now: Editor = { origin: me };
    const t0 = Date.now();
    const p = createProject(client.doc, now, { name: 'Clocks', key: 'CLK' }).id;
    const id = createTask(client.doc, now, { projectId: p, title: 'Fast clock' });
    await client.acked();
    moveTask(client.doc, { origin: me, now: () => Date.parse('2027-01-10T12:00:00Z') }, id, `${p}:col3`, 0);
    await client.acked();
    const after = Date.now();
    const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const yesterday = utcDay(t0 - 86_400_000);
    // The move arrived before `after`: done by the end of after's day; the task did not
    // exist yet at the end of the day before t0's (robust if the test runs across midnight UTC).
    const res = await call(
      server.url,
      'GET',
      `/projects/${p}/cfd?workspaceId=${ws}&from=${yesterday}&to=${utcDay(after)}`,
      { token: una.accessToken },
    );
    expect(res.status).toBe(200);
    const days = res.body.days as { date: string; counts: Record<string, number> }[];
    expect(days[0]).toEqual({
      date: yesterday,
      counts: { [`${p}:col1`]: 0, [`${p}:col2`]: 0, [`${p}:col3`]: 0 },
    });
    expect(days.at(-1)).toEqual({
      date: utcDay(after),
      counts: { [`${p}:col1`]: 0, [`${p}:col2`]: 0, [`${p}:col3`]: 1 },
    });
    const created = await call(
      server.url,
      'GET',
      `/projects/${p}/created-resolved?workspaceId=${ws}&from=${utcDay(after)}&to=${utcDay(after)}`,
      { token: una.accessToken },
    );
    expect(created.body.weeks.reduce((n: number, w: { resolved: number }) => n + w.resolved, 0)).toBe(1);
  });
});
