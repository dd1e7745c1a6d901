/**
 * Issue 13, must-show 4: no per-update or per-request server path reads the whole board. A real
 * server in this process holds a 2,000-task workspace (with worklogs); after one warm-up of each
 * operation (indexes are built once per loaded document), we count the full walks over the
 * server's own document — over every task (`taskWalks`) and over every worklog (`worklogWalks`)
 * — across REST creates, reads and edits, sync edits from a client, a deadline (the schedule
 * projection runs: we wait until it has cleared the workspace's stale mark) and comments and
 * assignments (notifications), a task named by its key, a task's comments (and `commentWalks`),
 * a sprint's life over REST (plan, start, complete) and a filtered task page that matches nothing.
 * Each must make none. Not timed: a count cannot be flaky.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import {
  addComment,
  addWorklog,
  commentWalks,
  createTask,
  liveColumns,
  moveTask,
  readAllTasks,
  readAllWorklogs,
  readColumns,
  readComments,
  taskWalks,
  updateTask,
  worklogWalks,
} from '@taskflow/model';
import { type RunningServer, startServer } from '@taskflow/server';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { addMember, call, createWorkspace, type Session, signUp } from '../helpers/auth.ts';
import { connectClient, type TestClient, until } from '../helpers/client.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const TASKS = 2_000;
const WORKLOGS = 600;
const COMMENTS = 600;

describe('no per-update server path reads the whole workspace (issue 13)', () => {
  const dir = tempDir('full-reads');
  let server: RunningServer;
  let ann: Session;
  let bob: Session;
  let ws: string;
  let projectId: string;
  let cols: string[];
  let client: TestClient;
  let serverDoc: Y.Doc;
  let db: Database.Database;
  let ids: string[];

  beforeAll(async () => {
    server = await startServer({
      port: 0,
      dataDir: dir.path,
      projectionDebounceMs: 10,
      limits: { registerPerAddress: 1000, loginPerAddress: 1000 },
    });
    ann = await signUp(server.url, { name: 'Ann' });
    bob = await signUp(server.url, { name: 'Bob' });
    ws = await createWorkspace(ann, 'Big');
    await addMember(ann, ws, bob, 'member');
    const p = await call(server.url, 'POST', '/projects', {
      token: ann.accessToken,
      body: { workspaceId: ws, name: 'Large Board' },
    });
    expect(p.status).toBe(201);
    projectId = p.body.project.id;
    client = connectClient(`${server.url.replace('http', 'ws')}/sync`, { name: ws, token: ann.token });
    await client.synced;
    cols = liveColumns(readColumns(client.doc, projectId)).map((c) => c.id);
    // The workspace arrives as one update, as an import would send it. It is built on a scratch
    // copy in batches: thousands of createTask calls inside one transaction re-read every task
    // the transaction created so far (the task index refreshes them each time).
    const scratch = new Y.Doc();
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(client.doc));
    ids = [];
    for (let batch = 0; batch < TASKS / 100; batch++) {
      scratch.transact(() => {
        for (let i = batch * 100; i < (batch + 1) * 100; i++) {
          ids.push(
            createTask(scratch, client.editor, {
              projectId,
              columnId: cols[i % cols.length] as string,
              title: `task ${i}`,
              ...(i % 10 === 0 ? { deadline: '2027-01-15', assignee: bob.user.id } : {}),
            }),
          );
        }
      });
    }
    for (let i = 0; i < WORKLOGS; i++) {
      addWorklog(scratch, client.editor, ids[(i * 7) % TASKS] as string, { seconds: 60 + i });
    }
    scratch.transact(() => {
      for (let i = 0; i < COMMENTS; i++) {
        addComment(scratch, client.editor, ids[(i * 13) % TASKS] as string, `comment ${i}`);
      }
    });
    Y.applyUpdate(client.doc, Y.encodeStateAsUpdate(scratch, Y.encodeStateVector(client.doc)));
    await client.acked();
    serverDoc = server.document(ws) as Y.Doc;
    expect(serverDoc).toBeDefined();
    await until(serverDoc, (d) => d.getMap('tasks').size >= TASKS);
    db = new Database(path.join(dir.path, 'taskflow.sqlite'), { readonly: true, fileMustExist: true });
  }, 60_000);

  afterAll(async () => {
    db?.close();
    client?.destroy();
    await server?.close();
    rmSync(dir.path, { recursive: true, force: true });
  });

  const api = (method: string, p: string, body?: unknown, who: Session = ann) =>
    call(server.url, method, p, { token: who.accessToken, body });

  /** Resolves once the schedule projection has caught up with every stored update. */
  const projected = async () => {
    const stale = db.prepare('SELECT 1 FROM schedule_stale WHERE workspace_id = ?');
    for (let i = 0; i < 500 && stale.get(ws); i++) await new Promise((r) => setTimeout(r, 10));
    expect(stale.get(ws), 'the schedule projection ran').toBeUndefined();
  };

  /** Runs `op` once to warm up, then again counting the full walks it causes on the server. */
  async function walksOf(
    op: (round: number) => Promise<void>,
  ): Promise<{ tasks: number; worklogs: number; comments: number }> {
    await op(0);
    await projected();
    const t = taskWalks(serverDoc);
    const w = worklogWalks(serverDoc);
    const c = commentWalks(serverDoc);
    await op(1);
    await projected();
    return {
      tasks: taskWalks(serverDoc) - t,
      worklogs: worklogWalks(serverDoc) - w,
      comments: commentWalks(serverDoc) - c,
    };
  }
  const none = { tasks: 0, worklogs: 0, comments: 0 };
  const pick = (round: number, offset: number) => ids[(round * 101 + offset) % TASKS] as string;

  test('the server document holds the workspace, and the counters count its walks', () => {
    expect(serverDoc.getMap('tasks').size).toBeGreaterThanOrEqual(TASKS);
    const t = taskWalks(serverDoc);
    const w = worklogWalks(serverDoc);
    expect(readAllTasks(serverDoc).length).toBeGreaterThanOrEqual(TASKS);
    expect(readAllWorklogs(serverDoc)).toHaveLength(WORKLOGS);
    expect([taskWalks(serverDoc) - t, worklogWalks(serverDoc) - w]).toEqual([1, 1]);
    // The comment counter counts the comment index's one build (the first read of any comments).
    const c = commentWalks(serverDoc);
    expect(readComments(serverDoc, ids[0] as string)).toHaveLength(1);
    expect(commentWalks(serverDoc) - c).toBeLessThanOrEqual(1);
  });

  test('REST POST /tasks', async () => {
    const walks = await walksOf(async (round) => {
      const res = await api('POST', '/tasks', { projectId, title: `new ${round}`, columnId: cols[1] });
      expect(res.status).toBe(201);
    });
    expect(walks).toEqual(none);
  });

  test('REST PATCH /tasks/:id: a title, then a move to another column', async () => {
    expect(
      await walksOf(async (round) => {
        const res = await api('PATCH', `/tasks/${pick(round, 1)}`, { title: `renamed ${round}` });
        expect(res.status).toBe(200);
      }),
    ).toEqual(none);
    expect(
      await walksOf(async (round) => {
        const res = await api('PATCH', `/tasks/${pick(round, 2)}`, { columnId: cols[2] });
        expect(res.status).toBe(200);
        expect(res.body.task.columnId).toBe(cols[2]);
      }),
    ).toEqual(none);
  });

  test('REST GET /tasks/:id (its time tracking reads its worklogs only)', async () => {
    const walks = await walksOf(async (round) => {
      const id = ids[round * 7] as string;
      const res = await api('GET', `/tasks/${id}`);
      expect(res.status).toBe(200);
      expect(res.body.task.timeSpentSeconds).toBeGreaterThan(0);
    });
    expect(walks).toEqual(none);
  });

  test('REST GET /projects/:id/tasks, one page (each task with its time tracking)', async () => {
    const walks = await walksOf(async () => {
      const res = await api('GET', `/projects/${projectId}/tasks?limit=50`);
      expect(res.status).toBe(200);
      expect(res.body.tasks).toHaveLength(50);
    });
    expect(walks).toEqual(none);
  });

  test('REST POST /tasks/:id/worklogs, with a new remaining estimate', async () => {
    const walks = await walksOf(async (round) => {
      const res = await api('POST', `/tasks/${pick(round, 3)}/worklogs`, {
        seconds: 120,
        remainingEstimateSeconds: 3600,
      });
      expect(res.status).toBe(201);
      expect(res.body.task.timeSpentSeconds).toBeGreaterThanOrEqual(120);
    });
    expect(walks).toEqual(none);
  });

  test("REST GET /tasks/:id/worklogs and PATCH /worklogs/:id (the author's own)", async () => {
    expect(
      await walksOf(async (round) => {
        const res = await api('GET', `/tasks/${ids[round * 7]}/worklogs`);
        expect(res.status).toBe(200);
        expect(res.body.worklogs.length).toBeGreaterThan(0);
      }),
    ).toEqual(none);
    expect(
      await walksOf(async (round) => {
        const list = await api('GET', `/tasks/${ids[round * 7]}/worklogs`);
        const res = await api('PATCH', `/worklogs/${list.body.worklogs[0].id}`, { seconds: 300 + round });
        expect(res.status).toBe(200);
      }),
    ).toEqual(none);
  });

  test('a sync move and a sync field edit from a client', async () => {
    expect(
      await walksOf(async (round) => {
        moveTask(client.doc, client.editor, pick(round, 4), cols[round % 2 === 0 ? 1 : 2] as string, 0);
        await client.acked();
      }),
    ).toEqual(none);
    expect(
      await walksOf(async (round) => {
        updateTask(client.doc, client.editor, pick(round, 5), { title: `edited ${round}`, estimate: 3 });
        await client.acked();
      }),
    ).toEqual(none);
  });

  test('a deadline set over sync: the schedule projection writes its row', async () => {
    const read = db.prepare<[string, string], { deadline: string }>(
      'SELECT deadline FROM task_schedule WHERE workspace_id = ? AND task_id = ?',
    );
    const walks = await walksOf(async (round) => {
      const id = pick(round, 6);
      updateTask(client.doc, client.editor, id, { deadline: `2027-02-1${round}` });
      await client.acked();
      await projected();
      expect(read.get(ws, id)?.deadline).toBe(`2027-02-1${round}`);
    });
    expect(walks).toEqual(none);
  });

  test('an assignment and a comment (notifications to the assignee)', async () => {
    const bobs = db.prepare<[string], { n: number }>(
      'SELECT COUNT(*) AS n FROM notifications WHERE user_id = ?',
    );
    const count = () => bobs.get(bob.user.id)?.n ?? 0;
    const start = count();
    expect(
      await walksOf(async (round) => {
        updateTask(client.doc, client.editor, pick(round, 7), { assignee: bob.user.id });
        await client.acked();
      }),
    ).toEqual(none);
    expect(
      await walksOf(async (round) => {
        const res = await api('POST', `/tasks/${pick(round, 7)}/comments`, { body: `look ${round}` });
        expect(res.status).toBe(201);
      }),
    ).toEqual(none);
    // Two assignments and two comments reached Bob: the paths counted above did their work.
    expect(count() - start).toBe(4);
  });

  test('REST GET /tasks/:key (a key resolves through the index) and GET /tasks/:id/comments', async () => {
    expect(
      await walksOf(async (round) => {
        const id = pick(round, 8);
        const byId = await api('GET', `/tasks/${id}`);
        const key = byId.body.task.key as string;
        expect(key).toMatch(/^[A-Z][A-Z0-9]+-\d+$/);
        const byKey = await api('GET', `/tasks/${key}?workspaceId=${ws}`);
        expect(byKey.status).toBe(200);
        expect(byKey.body.task.id).toBe(id);
      }),
    ).toEqual(none);
    expect(
      await walksOf(async (round) => {
        const res = await api('GET', `/tasks/${ids[round * 13]}/comments`);
        expect(res.status).toBe(200);
        expect(res.body.comments.map((c: { body: string }) => c.body)).toContain(`comment ${round}`);
      }),
    ).toEqual(none);
  });

  test("a sprint's life over REST: create, plan three tasks, start, complete", async () => {
    const mode = await api('PATCH', `/projects/${projectId}`, { mode: 'scrum' });
    expect(mode.status).toBe(200);
    const walks = await walksOf(async (round) => {
      const created = await api('POST', `/projects/${projectId}/sprints`, { name: `Sprint ${round}` });
      expect(created.status).toBe(201);
      const sprint = created.body.sprint.id as string;
      for (const k of [9, 10, 11]) {
        const res = await api('PATCH', `/tasks/${pick(round, k)}`, { sprintId: sprint, estimate: 2 });
        expect(res.status).toBe(200);
      }
      const started = await api('POST', `/sprints/${sprint}/start`);
      expect(started.status).toBe(200);
      expect(started.body.sprint.start.taskIds).toHaveLength(3);
      const done = await api('POST', `/sprints/${sprint}/complete`, { moveOpenTo: 'backlog' });
      expect(done.status).toBe(200);
      expect(done.body.completed + done.body.moved).toBe(3);
    });
    expect(walks).toEqual(none);
  });

  test('REST GET /projects/:id/tasks with a filter that matches nothing: bounded pages, no walk', async () => {
    const walks = await walksOf(async (round) => {
      let cursor: string | null = null;
      let pages = 0;
      do {
        const q = `q=nothing-matches-${round}&limit=10${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await api('GET', `/projects/${projectId}/tasks?${q}`);
        expect(res.status).toBe(200);
        expect(res.body.tasks).toEqual([]);
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor !== null);
      // More than 2,000 tasks: the first request stopped at its budget and handed on a cursor.
      expect(pages).toBeGreaterThan(1);
    });
    expect(walks).toEqual(none);
  });
});
