/**
 * Two Taskflow servers on one PostgreSQL (issue 16), in this process: what must be one across
 * processes is one. A token signed by one is accepted by the other, over REST and sync (the keys
 * live in the database); tasks created on both at once in one project get unique numbers from the
 * database, and no task is renumbered afterwards (a third server reading the log finds the numbers
 * each creator answered with).
 */
import { readBoard } from '@taskflow/model';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningServer, startServer } from '../src/start-server.ts';
import { call, createWorkspace, login, register, type Session } from './helpers/auth.ts';
import { connectClient } from './helpers/client.ts';
import { startPostgres, type TestPostgres } from './helpers/engines.ts';
import { tempDir } from './helpers/temp-dir.ts';

let postgres: TestPostgres;
let databaseUrl: string;
const dirs: { remove(): void }[] = [];

async function server(): Promise<RunningServer> {
  const dir = tempDir('roles');
  dirs.push(dir);
  return startServer({
    databaseUrl,
    dataDir: dir.path,
    port: 0,
    limits: { registerPerAddress: 1000, loginPerAddress: 1000 },
    rateLimits: { 'rest-write:person': 0, 'rest-write:address': 0 },
  });
}

beforeAll(async () => {
  postgres = await startPostgres();
  databaseUrl = await postgres.createDatabase('roles');
});
afterAll(async () => {
  await postgres?.stop();
  for (const dir of dirs) dir.remove();
});

describe('two servers on one PostgreSQL', () => {
  let a: RunningServer;
  let b: RunningServer;
  let ann: Session;
  beforeAll(async () => {
    // Started together: both race to create the shared keys; one set wins for both.
    [a, b] = await Promise.all([server(), server()]);
    const r = await register(a.url, { name: 'Ann' });
    ann = await login(a.url, r.email, r.password);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  test('a token signed by one server is accepted by the other, over REST and over sync', async () => {
    const me = await call(b.url, 'GET', '/me', { token: ann.accessToken });
    expect(me.status).toBe(200);
    const ws = await createWorkspace({ ...ann, baseUrl: b.url }, 'Shared');
    const client = connectClient(`${a.url.replace('http', 'ws')}/sync`, { name: ws, token: ann.token });
    const viaB = connectClient(`${b.url.replace('http', 'ws')}/sync`, { name: ws, token: ann.token });
    try {
      await Promise.all([client.synced, viaB.synced]);
    } finally {
      client.destroy();
      viaB.destroy();
    }
  });

  test('tasks created on both servers at once get unique numbers, never changed afterwards', async () => {
    const ws = await createWorkspace(ann, 'Numbers');
    const project = await call(a.url, 'POST', '/projects', {
      token: ann.accessToken,
      body: { workspaceId: ws, name: 'Web', key: 'WEB' },
    });
    expect(project.status).toBe(201);
    const projectId: string = project.body.project.id;
    const create = (base: string, i: number) =>
      call(base, 'POST', '/tasks', {
        token: ann.accessToken,
        body: { workspaceId: ws, projectId, title: `Task ${i}` },
      });
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => create(i % 2 === 0 ? a.url : b.url, i)),
    );
    const given = new Map<string, number>();
    for (const res of answers) {
      expect(res.status).toBe(201);
      expect(res.body.task.number).toEqual(expect.any(Number));
      given.set(res.body.task.id, res.body.task.number);
    }
    expect(new Set(given.values()).size).toBe(30);

    // A third server loads the document from the log alone: every task has the number its
    // creator answered with (nobody renumbered one), and still no two share one.
    const c = await server();
    try {
      const client = connectClient(`${c.url.replace('http', 'ws')}/sync`, { name: ws, token: ann.token });
      try {
        await client.synced;
        const tasks = readBoard(client.doc, projectId)?.columns.flatMap((col) => col.tasks) ?? [];
        expect(tasks).toHaveLength(30);
        for (const t of tasks) expect(t.number).toBe(given.get(t.id));
      } finally {
        client.destroy();
      }
    } finally {
      await c.close();
    }
  });
});
