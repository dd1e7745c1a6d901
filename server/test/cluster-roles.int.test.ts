/**
 * Two Taskflow servers on one PostgreSQL (issue 16), in this process: what must be one across
 * processes is one. A token signed by one is accepted by the other, over REST and sync (the keys
 * live in the database); tasks created on both at once in one project get unique numbers from the
 * database, and no task is renumbered afterwards (a third server reading the log finds the numbers
 * each creator answered with).
 */
import { readBoard } from '@taskflow/model';
import pg from 'pg';
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
    leaseRetryMs: 300,
  });
}

/** Which of the servers hold the role now, from their /metrics (taskflow_lease_held). */
async function holders(servers: RunningServer[], role: string): Promise<RunningServer[]> {
  const texts = await Promise.all(servers.map(async (s) => (await fetch(`${s.url}/metrics`)).text()));
  const held = new RegExp(`^taskflow_lease_held\\{name="${role}"\\} 1$`, 'm');
  return servers.filter((_, i) => held.test(texts[i] as string));
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

  test('the ticker and sender each have one holder; a holder whose lease session ends stops, another takes over', async () => {
    const both = [a, b];
    for (const role of ['ticker', 'email-sender']) {
      let now: RunningServer[] = [];
      for (let i = 0; i < 100 && now.length === 0; i++) {
        now = await holders(both, role);
        if (now.length === 0) await new Promise((r) => setTimeout(r, 50));
      }
      expect(now).toHaveLength(1);
    }
    const [before] = await holders(both, 'ticker');
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    try {
      // The holder's lease session ends (as when PostgreSQL drops it): the lock is free at once.
      const ended = await admin.query(
        `SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_stat_activity s ON s.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.granted AND s.application_name = 'taskflow-lease:ticker'
           AND s.datname = current_database()`,
      );
      expect(ended.rowCount).toBe(1);
    } finally {
      await admin.end();
    }
    // The holder stops at once (its connection's error), then one holder is back within a period.
    let lost = false;
    let after: RunningServer[] = [];
    let seenTwo = false;
    for (let i = 0; i < 200; i++) {
      after = await holders(both, 'ticker');
      if (after.length > 1) seenTwo = true;
      if (!after.includes(before as RunningServer)) lost = true;
      if (lost && after.length === 1) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(seenTwo).toBe(false);
    expect(lost).toBe(true);
    expect(after).toHaveLength(1);
    expect(before).toBeDefined();
  });
});
