/** The server as a process: seeding, restarts, probes, static files, refusals, shutdown. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTask, FIRST_PROJECT_ID, readBoard, readColumns, readProject } from '@taskflow/model';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { firstOwner, type Session } from './helpers/auth.ts';
import { connectClient, readServerState } from './helpers/client.ts';
import { type ServerProcess, spawnServer } from './helpers/server-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

describe('server basics', () => {
  const data = tempDir('basics');
  const web = path.join(data.path, 'web');
  let server: ServerProcess;
  let owner: Session;

  beforeAll(async () => {
    mkdirSync(path.join(web, 'assets'), { recursive: true });
    writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Taskflow</title>');
    writeFileSync(path.join(web, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    writeFileSync(path.join(web, 'assets', 'index-Bx7f3kQ2.js'), 'console.log(1);');
    server = await spawnServer({ dataDir: path.join(data.path, 'db'), env: { STATIC_DIR: web } });
    owner = await firstOwner(server.url);
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    data.remove();
  });

  test('S2: a new workspace is seeded by the server: project "first" with To Do / In Progress / Done', async () => {
    const { doc } = await readServerState(server.wsUrl, owner.token);
    expect(readProject(doc, FIRST_PROJECT_ID)?.name).toBe('My first project');
    expect(readColumns(doc, FIRST_PROJECT_ID).map((c) => c.name)).toEqual(['To Do', 'In Progress', 'Done']);
  });

  test('healthz answers ok and readyz proves the database takes a write', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
  });

  test('unknown API routes answer a JSON 404', async () => {
    for (const route of ['/api/v1', '/api/v1/tasks/123']) {
      const res = await fetch(`${server.url}${route}`, { method: route === '/api/v1' ? 'GET' : 'POST' });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/json');
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('not_found');
      expect(body.error.message.length).toBeGreaterThan(0);
    }
  });

  test('static files: SPA fallback to index.html, no-cache for index.html and sw.js, hashed assets cached', async () => {
    const route = await fetch(`${server.url}/projects/first/board`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>Taskflow</title>');
    expect(route.headers.get('cache-control')).toBe('no-cache');
    expect((await fetch(`${server.url}/`)).headers.get('content-type')).toContain('text/html');
    const sw = await fetch(`${server.url}/sw.js`);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    expect(sw.headers.get('content-type')).toContain('javascript');
    const asset = await fetch(`${server.url}/assets/index-Bx7f3kQ2.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${server.url}/assets/missing-00000000.js`)).status).toBe(404);
    const traversal = await fetch(`${server.url}/..%2f..%2fdb%2ftaskflow.sqlite`);
    expect(await traversal.text()).not.toContain('SQLite format');
  });

  test('S7: an unknown document name is refused at authentication', async () => {
    const client = connectClient(server.wsUrl, { name: 'someone-elses-workspace', token: owner.token });
    try {
      await expect(client.synced).rejects.toThrow(/forbidden/);
    } finally {
      client.destroy();
    }
  });

  test('WebSocket upgrades on any path but /sync are refused', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/elsewhere`);
    const outcome = await new Promise<string>((resolve) => {
      ws.on('open', () => resolve('open'));
      ws.on('error', () => resolve('refused'));
    });
    expect(outcome).toBe('refused');
  });

  test('S6: edits survive a SIGTERM restart, and shutdown exits 0 within 10 s', async () => {
    const alice = connectClient(server.wsUrl, { token: owner.token });
    await alice.synced;
    const ids = ['one', 'two', 'three'].map((title) =>
      createTask(alice.doc, alice.editor, { projectId: FIRST_PROJECT_ID, title }),
    );
    await alice.acked();
    const before = (await readServerState(server.wsUrl, owner.token)).state;

    const exit = await server.stop('SIGTERM');
    alice.destroy();
    expect(exit.code).toBe(0);
    expect(exit.ms).toBeLessThan(10_000);

    server = await spawnServer({ dataDir: path.join(data.path, 'db'), env: { STATIC_DIR: web } });
    const after = await readServerState(server.wsUrl, owner.token);
    const titles = readBoard(after.doc, FIRST_PROJECT_ID)?.columns[0]?.tasks.map((t) => [t.id, t.title]);
    expect(titles).toEqual(ids.map((id, i) => [id, ['one', 'two', 'three'][i]]));
    expect(after.state).toEqual(before);
  });

  test('S6: SIGINT stops it too, with exit 0, even with a client connected', async () => {
    const bob = connectClient(server.wsUrl, { token: owner.token });
    await bob.synced;
    const exit = await server.stop('SIGINT');
    bob.destroy();
    expect(exit.code).toBe(0);
    expect(exit.ms).toBeLessThan(10_000);
    server = await spawnServer({ dataDir: path.join(data.path, 'db'), env: { STATIC_DIR: web } });
    owner = await firstOwner(server.url);
  });
});

describe('server start-up', () => {
  test('without a built web app, pages answer 503 saying to run npm run build', async () => {
    const data = tempDir('unbuilt');
    const server = await spawnServer({
      dataDir: data.path,
      env: { STATIC_DIR: path.join(data.path, 'nothing-here') },
    });
    try {
      const res = await fetch(`${server.url}/`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build');
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.stop('SIGKILL');
      data.remove();
    }
  });

  test('a bad environment variable stops start-up with a message naming it', async () => {
    const data = tempDir('badenv');
    try {
      await expect(spawnServer({ dataDir: data.path, env: { PORT: 'eighty' } })).rejects.toThrow(/PORT/);
      await expect(spawnServer({ dataDir: data.path, env: { DB_SYNCHRONOUS: 'sometimes' } })).rejects.toThrow(
        /DB_SYNCHRONOUS/,
      );
    } finally {
      data.remove();
    }
  });
});
