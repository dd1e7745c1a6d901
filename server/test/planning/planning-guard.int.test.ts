/**
 * Issue 11 (SPEC M17, M21, M23) over a real server: a member's crafted sync updates that write a
 * task's number, a project's counter, another person's timer or worklog, a sprint start or
 * completion naming someone else, or one that un-starts or un-completes someone's sprint are refused with their reason, via Update and SyncStep2, and the
 * document is unchanged. Each forgery has an honest twin that must pass, so the refusals are the
 * rules at work, not a broken connection.
 */
import {
  addWorklog,
  completeSprint,
  createSprint,
  createTask,
  deleteWorklog,
  type Editor,
  editWorklog,
  FIRST_PROJECT_ID,
  readProjectTasks,
  readSprint,
  readTask,
  readTimer,
  readWorklog,
  startSprint,
  startTimer,
  stopTimer,
  updateProject,
  updateSprint,
  updateTask,
} from '@taskflow/model';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { annBobMallory, type Session } from '../helpers/auth.ts';
import { connectClient, type TestClient, until } from '../helpers/client.ts';
import { freshView, sendEditAs, type Transport } from '../helpers/content.ts';
import { startTestServer, type TestServer } from '../helpers/in-process.ts';

const P = FIRST_PROJECT_ID;
const as = (id: string): Editor => ({ origin: { kind: 'user', actorId: id } });

describe('issue 11: planning writes are the server’s or their owner’s', () => {
  let server: TestServer;
  let ann: Session;
  let mallory: Session;
  let ws: string;
  let annBoard: TestClient;
  let annTask: string;
  let annWorklog: string;
  let annSprint: string;
  let annDone: string;
  let annRun: string;
  let nextClient = 6_000_000;

  beforeAll(async () => {
    server = await startTestServer();
    ({ ann, mallory, ws } = await annBobMallory(server.url, 'Planning guard'));
    annBoard = connectClient(server.wsUrl, { name: ws, token: ann.token });
    await annBoard.synced;
    const a = annBoard.editor;
    updateProject(annBoard.doc, a, P, { mode: 'scrum' });
    annTask = createTask(annBoard.doc, a, { projectId: P, title: 'Ann’s task' });
    annDone = createSprint(annBoard.doc, a, { projectId: P, name: 'Ann’s finished sprint' });
    startSprint(annBoard.doc, a, annDone);
    completeSprint(annBoard.doc, a, annDone, null);
    annSprint = createSprint(annBoard.doc, a, { projectId: P, name: 'Ann’s sprint' });
    annWorklog = addWorklog(annBoard.doc, a, annTask, { seconds: 600, note: 'Ann’s work' });
    annRun = startTimer(annBoard.doc, a, annTask).run;
    await annBoard.acked();
    await until(annBoard.doc, (d) => readTask(d, annTask)?.number === 1);
  });
  afterAll(async () => {
    annBoard?.destroy();
    await server?.close();
  });

  /** Mallory's client (a fresh clientID) makes `edit` on the server's current state and sends it. */
  function mallorySends(edit: (doc: Y.Doc) => void, transport: Transport) {
    const target = {
      wsUrl: server.wsUrl,
      token: mallory.accessToken,
      documentName: ws,
      observer: annBoard.doc,
    };
    return sendEditAs(target, nextClient++, edit, transport);
  }

  const yTask = (d: Y.Doc, id: string) => d.getMap<Y.Map<unknown>>('tasks').get(id) as Y.Map<unknown>;
  const ySprint = (d: Y.Doc, id: string) => d.getMap<Y.Map<unknown>>('sprints').get(id) as Y.Map<unknown>;
  const yProject = (d: Y.Doc) => d.getMap<Y.Map<unknown>>('projects').get(P) as Y.Map<unknown>;
  const m = () => as(mallory.user.id);
  const a = () => as(ann.user.id);

  const cases: { name: string; forged: (d: Y.Doc) => void; reason: string; honest: (d: Y.Doc) => void }[] = [
    {
      name: 'renumbering Ann’s task',
      forged: (d) => yTask(d, annTask).set('number', 99),
      reason: 'not-writable',
      honest: (d) => updateTask(d, m(), annTask, { title: `Ann’s task, seen by ${nextClient}` }),
    },
    {
      name: 'a new task that brings its own number',
      forged: (d) => yTask(d, createTask(d, m(), { projectId: P, title: 'numbered by me' })).set('number', 2),
      reason: 'not-writable',
      honest: (d) => createTask(d, m(), { projectId: P, title: 'numbered by the server' }),
    },
    {
      name: 'resetting the project’s counter (lastNumber)',
      forged: (d) => yProject(d).set('lastNumber', 0),
      reason: 'not-writable',
      honest: (d) => updateProject(d, m(), P, { name: `Renamed by ${nextClient}` }),
    },
    {
      name: 'stopping Ann’s timer',
      forged: (d) => stopTimer(d, a()),
      reason: 'foreign-timer',
      honest: (d) => {
        startTimer(d, m(), annTask);
        stopTimer(d, m());
      },
    },
    {
      name: 'starting a timer for Ann (raw)',
      forged: (d) => d.getMap('timers').set(ann.user.id, { taskId: annTask, startedAt: 0, run: 'forged' }),
      reason: 'foreign-timer',
      honest: (d) => startTimer(d, m(), annTask),
    },
    {
      name: 'editing Ann’s worklog',
      forged: (d) => editWorklog(d, a(), annWorklog, { seconds: 36_000 }),
      reason: 'foreign-worklog',
      honest: (d) => editWorklog(d, m(), addWorklog(d, m(), annTask, { seconds: 60 }), { seconds: 120 }),
    },
    {
      name: 'deleting Ann’s worklog',
      forged: (d) => deleteWorklog(d, a(), annWorklog),
      reason: 'foreign-worklog',
      honest: (d) => deleteWorklog(d, m(), addWorklog(d, m(), annTask, { seconds: 60 })),
    },
    {
      name: 'a worklog logged as Ann',
      forged: (d) => addWorklog(d, a(), annTask, { seconds: 60 }),
      reason: 'forged-identity',
      honest: (d) => addWorklog(d, m(), annTask, { seconds: 60 }),
    },
    {
      name: 'a sprint start naming Ann',
      forged: (d) => startSprint(d, a(), annSprint),
      reason: 'forged-identity',
      honest: (d) => {
        const mine = createSprint(d, m(), { projectId: P });
        startSprint(d, m(), mine);
        completeSprint(d, m(), mine, null);
      },
    },
    {
      name: 'a sprint completion naming Ann',
      forged: (d) => {
        startSprint(d, m(), annSprint);
        completeSprint(d, a(), annSprint, null);
      },
      reason: 'forged-identity',
      honest: (d) => {
        const mine = createSprint(d, m(), { projectId: P });
        startSprint(d, m(), mine);
        completeSprint(d, m(), mine, null);
      },
    },
    {
      name: 'un-completing Ann’s sprint (completion set to null)',
      forged: (d) => ySprint(d, annDone).set('completion', null),
      reason: 'not-writable',
      honest: (d) => updateSprint(d, m(), annSprint, { goal: `goal ${nextClient}` }),
    },
    {
      name: 'un-starting Ann’s sprint (start deleted)',
      forged: (d) => ySprint(d, annDone).delete('start'),
      reason: 'not-writable',
      honest: (d) => updateSprint(d, m(), annSprint, { goal: `goal ${nextClient}` }),
    },
  ];

  for (const transport of ['update', 'step2'] as const) {
    for (const c of cases) {
      test(`${c.name} is refused (${c.reason}) via ${transport}; the honest version is not`, async () => {
        const forged = await mallorySends(c.forged, transport);
        expect(forged.outcome).toEqual({ kind: 'refused', reason: c.reason });
        expect((await mallorySends(c.honest, transport)).outcome).toEqual({ kind: 'saved' });
        // The honest edit has reached Ann; had the forged one been applied, it would have come first.
        expect(Y.getState(annBoard.doc.store, forged.client)).toBe(0);
      });
    }
  }

  test('after all that, the server’s document holds Ann’s number, counter, timer, worklog and sprint as she left them', async () => {
    const view = await freshView(server.wsUrl, ann.token, ws);
    expect(readTask(view, annTask)?.number).toBe(1);
    const numbers = readProjectTasks(view, P).map((t) => t.number);
    expect(numbers.every((n) => n !== null)).toBe(true);
    expect(new Set(numbers).size).toBe(numbers.length);
    // Mallory's honest tasks were numbered by the server after Ann's, and the counter followed them.
    expect(yProject(view).get('lastNumber')).toBe(numbers.length);
    expect([...numbers].sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(numbers.map((_, i) => i + 1));
    expect(readTimer(view, ann.user.id)).toMatchObject({ taskId: annTask, run: annRun });
    expect(readWorklog(view, annWorklog)).toMatchObject({
      authorId: ann.user.id,
      seconds: 600,
      note: 'Ann’s work',
    });
    expect(readSprint(view, annSprint)).toMatchObject({ state: 'planned', start: null, completion: null });
    expect(readSprint(view, annDone)).toMatchObject({
      state: 'closed',
      start: { by: ann.user.id },
      completion: { by: ann.user.id },
    });
  });
});
