/**
 * Issue 12 must-show 1 (docs/REPORTS.md): the scripted Scrum project whose reports the
 * scripted-*.int.test.ts files check against hand-computed series. Each file runs the script on a
 * fresh server in its `beforeAll`; the ids it fills in are live bindings the tests read.
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
import { expect } from 'vitest';
import type * as Y from 'yjs';
import { type ApiAnswer, addMember, call, createWorkspace, type Session, signUp } from '../helpers/auth.ts';
import { connectClient, type TestClient, until } from '../helpers/client.ts';
import { startTestServer, type TestServer } from '../helpers/in-process.ts';

export const NOW = Date.parse('2026-03-20T12:00:00Z');
export const NY = 'America/New_York';

export type BurndownDay = { date: string; remaining: number | null; ideal: number; scopeChange: number };

export let server: TestServer;
export let ann: Session;
export let bob: Session;
export let ws: string;
const clients: TestClient[] = [];

// Ids the script fills in.
export let P = '';
export let TODO = '';
export let PROG = '';
export let REV = '';
export let DONE = '';
export const S: Record<1 | 2 | 3 | 4 | 5, string> = { 1: '', 2: '', 3: '', 4: '', 5: '' };
export const T: Record<string, string> = {};
/** Sprint 3's burndown as Ann read it before Bob's offline changes arrived, and right after. */
export let s3BeforeBobSynced: ApiAnswer<{ sprint: { state: string }; days: BurndownDay[] }>;
export let s3AfterBobSynced: ApiAnswer<{ sprint: { state: string }; days: BurndownDay[] }>;
export let annDoc: Y.Doc;

export const get = (who: Session, path: string) => {
  const sep = path.includes('?') ? '&' : '?';
  return call(server.url, 'GET', `${path}${sep}workspaceId=${ws}`, { token: who.accessToken });
};

/** Runs the whole script on a fresh server with its clock at NOW. */
export async function runScript(): Promise<void> {
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
}

export async function closeScript(): Promise<void> {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
}

export const key = (title: string) => `REP-${readTask(annDoc, T[title] as string)?.number}`;
