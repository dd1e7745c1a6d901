/**
 * Issue 12 over a real server: every report answers for a member (viewers included) and for nobody
 * else; a report asked again after one more change shows that change (the timelines are advanced
 * incrementally, docs/REPORTS.md "Cost"); a change that reaches the server late counts on the day
 * it was made.
 */
import {
  createProject,
  createSprint,
  createTask,
  type Editor,
  liveColumns,
  moveTask,
  readColumns,
  readProject,
  startSprint,
} from '@taskflow/model';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { addMember, call, createWorkspace, type Session, signUp } from '../helpers/auth.ts';
import { connectClient, type TestClient, until } from '../helpers/client.ts';
import { startTestServer, type TestServer } from '../helpers/in-process.ts';

const DAY = 86_400_000;
// The server's real clock: a REST edit is stamped by it, like every edit made now.
const NOW = Date.now();
const dayAt = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('reports over REST, live', () => {
  let server: TestServer;
  let ann: Session;
  let vic: Session;
  let eve: Session;
  let ws: string;
  let projectId: string;
  let board: TestClient;
  let cols: string[];
  const at = (iso: string): Editor => ({ ...board.editor, now: () => Date.parse(iso) });

  beforeAll(async () => {
    server = await startTestServer();
    ann = await signUp(server.url, { name: 'Ann' });
    vic = await signUp(server.url, { name: 'Vic' });
    eve = await signUp(server.url, { name: 'Eve' });
    ws = await createWorkspace(ann, 'Reports');
    await addMember(ann, ws, vic, 'viewer');
    board = connectClient(server.wsUrl, { name: ws, token: ann.token });
    await board.synced;
    // Made a month ago (by its maker's clock), so its columns existed on every day reported.
    const project = createProject(board.doc, at(new Date(NOW - 30 * DAY).toISOString()), {
      name: 'Web',
      key: 'WEB',
      mode: 'scrum',
    });
    projectId = project.id;
    await board.acked();
    await until(board.doc, (d) => readProject(d, projectId) !== undefined);
    cols = liveColumns(readColumns(board.doc, projectId)).map((c) => c.id);
  });
  afterAll(async () => {
    board?.destroy();
    await server?.close();
  });

  const get = (path: string, who: Session = ann) => call(server.url, 'GET', path, { token: who.accessToken });

  test('members and viewers read every report; someone outside the workspace gets 404', async () => {
    const sprint = createSprint(board.doc, at(new Date(NOW - 14 * DAY).toISOString()), {
      projectId,
      name: 'S1',
    });
    startSprint(board.doc, at(new Date(NOW - 14 * DAY + 3_600_000).toISOString()), sprint);
    await board.acked();
    const paths = [
      `/sprints/${sprint}/burndown`,
      `/projects/${projectId}/velocity`,
      `/projects/${projectId}/cfd`,
      `/projects/${projectId}/cycle-time`,
      `/projects/${projectId}/created-resolved`,
      `/projects/${projectId}/time`,
    ];
    for (const path of paths) {
      for (const who of [ann, vic]) expect((await get(path, who)).status, `${path}`).toBe(200);
      const outsider = await get(path, eve);
      expect(outsider.status, `${path} for an outsider`).toBe(404);
      expect(JSON.stringify(outsider.body)).not.toContain('S1');
    }
  });

  test('a report asked again after one more change shows it; a late change counts on the day it was made', async () => {
    const cfd = async () => {
      const res = await get(`/projects/${projectId}/cfd?from=${dayAt(NOW - 5 * DAY)}&to=${dayAt(NOW)}`);
      expect(res.status).toBe(200);
      return res.body.days as { date: string; counts: Record<string, number> }[];
    };
    const inColumn = (i: number) => (d: { counts: Record<string, number> }) =>
      d.counts[cols[i] as string] ?? 0;
    const before = await cfd();
    expect(before.map((d) => d.date)).toEqual([5, 4, 3, 2, 1, 0].map((n) => dayAt(NOW - n * DAY)));

    // One more change, through REST: the next report has it (today, column 1).
    const res = await call(server.url, 'POST', '/tasks', {
      token: ann.accessToken,
      body: { workspaceId: ws, projectId, title: 'counted today' },
    });
    expect(res.status).toBe(201);
    const today = await cfd();
    expect(today.map(inColumn(0))).toEqual(before.map((d, i) => inColumn(0)(d) + (i === 5 ? 1 : 0)));

    // A task made ten days ago, then moved to column 2 three days ago on a device that was offline
    // and syncs only now: column 1 has it until that day, column 2 from that day on.
    const old = createTask(board.doc, at(new Date(NOW - 10 * DAY).toISOString()), {
      projectId,
      title: 'made ten days ago',
    });
    await board.acked();
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(board.doc));
    moveTask(offline, { ...board.editor, now: () => NOW - 3 * DAY }, old, cols[1] as string, 0);
    Y.applyUpdate(board.doc, Y.encodeStateAsUpdate(offline, Y.encodeStateVector(board.doc)));
    await board.acked();
    const late = await cfd();
    expect(late.map(inColumn(0))).toEqual(today.map((d, i) => inColumn(0)(d) + (i < 2 ? 1 : 0)));
    expect(late.map(inColumn(1))).toEqual(today.map((d, i) => inColumn(1)(d) + (i >= 2 ? 1 : 0)));
  });
});
