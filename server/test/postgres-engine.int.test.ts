/**
 * Issue 16, the storage half: a real Taskflow server on a real PostgreSQL (started by the test,
 * fsync on). Accounts, a workspace and tasks over REST; two real sync clients; a move is in
 * PostgreSQL's update log by the time its acknowledgement arrives (read over a separate
 * connection, so it is committed, not just written); a restart reads the state back.
 */
import { readTask } from '@taskflow/model';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../src/logger.ts';
import { type RunningServer, startServer } from '../src/start-server.ts';
import { call, createWorkspace, login, type Session, signUp } from './helpers/auth.ts';
import { connectClient, type TestClient, until } from './helpers/client.ts';
import { startPostgres, type TestPostgres } from './helpers/engines.ts';
import { NO_RATE_LIMITS } from './helpers/in-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

describe('Taskflow on PostgreSQL', () => {
  let postgres: TestPostgres;
  let url: string;
  let reader: pg.Client;
  const data = tempDir('pg-server');
  let server: RunningServer;
  const clients: TestClient[] = [];
  // Every store the server touches runs its SQL on PostgreSQL here: one that fails logs an error
  // (an effect's failure is logged, not thrown), so the test reads the log as well as the answers.
  const logged: string[] = [];
  const logger = createLogger('warn', { write: (line: string) => void logged.push(line) });
  const errors = () => logged.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);

  const wsUrl = () => `${server.url.replace('http', 'ws')}/sync`;
  const start = () =>
    startServer({
      port: 0,
      dataDir: data.path,
      databaseUrl: url,
      logger,
      rateLimits: NO_RATE_LIMITS,
      projectionDebounceMs: 50,
    });

  beforeAll(async () => {
    postgres = await startPostgres();
    url = await postgres.createDatabase('server');
    server = await start();
    reader = new pg.Client({ connectionString: url });
    // The readiness test stops PostgreSQL under this connection too; it is only read before that.
    reader.on('error', () => {});
    await reader.connect();
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await reader?.end().catch(() => {});
    await server?.close();
    await postgres?.stop();
    data.remove();
  });

  /** The document as PostgreSQL holds it now: its snapshot merged with every log row after it. */
  async function storedDoc(document: string): Promise<Y.Doc> {
    const snapshot = await reader.query<{ data: Buffer; upto_id: string }>(
      'SELECT data, upto_id FROM snapshots WHERE document = $1',
      [document],
    );
    const from = snapshot.rows[0]?.upto_id ?? '0';
    const rows = await reader.query<{ data: Buffer }>(
      'SELECT data FROM updates WHERE document = $1 AND id > $2 ORDER BY id',
      [document, from],
    );
    const doc = new Y.Doc();
    for (const part of [...snapshot.rows, ...rows.rows]) Y.applyUpdate(doc, part.data);
    return doc;
  }

  test('REST and two sync clients: a move is committed in PostgreSQL when acked, both converge, a restart keeps it', async () => {
    const ann = await signUp(server.url, { name: 'Ann' });
    // Emails are case-insensitive on PostgreSQL too (CITEXT, as SQLite's NOCASE).
    const again = await call(server.url, 'POST', '/auth/register', {
      body: { email: ann.email.toUpperCase(), password: 'another long password', name: 'Imposter' },
    });
    expect(again.status).toBe(409);
    const ws = await createWorkspace(ann, 'Acme');
    const project = await call(server.url, 'POST', '/projects', {
      token: ann.accessToken,
      body: { workspaceId: ws, name: 'Web Site' },
    });
    expect(project.status).toBe(201);
    const projectId = project.body.project.id as string;
    const created = await call(server.url, 'POST', '/tasks', {
      token: ann.accessToken,
      body: { projectId, title: 'Write the API docs' },
    });
    expect(created.status).toBe(201);
    const taskId = created.body.task.id as string;
    expect(created.body.task.key).toMatch(/^WS-\d+$/);

    const a = connectClient(wsUrl(), { name: ws, token: ann.token });
    const b = connectClient(wsUrl(), { name: ws, token: ann.token });
    clients.push(a, b);
    await Promise.all([a.synced, b.synced]);
    expect(readTask(a.doc, taskId)?.columnId).toBe(`${projectId}:col1`);

    const target = `${projectId}:col3`;
    const { moveTask } = await import('@taskflow/model');
    moveTask(a.doc, a.editor, taskId, target, 0);
    await a.acked();
    // Read right after the ack, over another connection: only committed rows are visible there.
    expect(readTask(await storedDoc(ws), taskId)?.columnId).toBe(target);
    await until(b.doc, (doc) => readTask(doc, taskId)?.columnId === target);
    expect(Y.encodeStateVector(b.doc)).toEqual(Y.encodeStateVector(a.doc));

    const rest = await call(server.url, 'GET', `/tasks/${taskId}`, { token: ann.accessToken });
    expect(rest.status).toBe(200);
    expect(rest.body.task.columnId).toBe(target);

    for (const c of clients.splice(0)) c.destroy();
    await server.close();
    server = await start();
    // The account and the refresh of its session live in PostgreSQL; the signing key in DATA_DIR.
    const back: Session = await login(server.url, ann.email, ann.password);
    const c = connectClient(wsUrl(), { name: ws, token: back.token });
    clients.push(c);
    await c.synced;
    expect(readTask(c.doc, taskId)?.columnId).toBe(target);
    const listed = await call(server.url, 'GET', `/projects/${projectId}/tasks`, { token: back.accessToken });
    expect(listed.status).toBe(200);
    expect(listed.body.tasks.map((t: { id: string }) => t.id)).toContain(taskId);
    expect(errors()).toEqual([]);
  });

  test('/readyz: ready while PostgreSQL runs, 503 while it is stopped, ready again once it is back', async () => {
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    postgres.pause();
    try {
      expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    } finally {
      postgres.start();
    }
    // Nobody restarts the server: its next probe reconnects (the probe may hold off a few seconds
    // after a failure, persistence/extension.ts, so poll until it answers ready).
    const deadline = Date.now() + 30_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await fetch(`${server.url}/readyz`)).status;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(200);
  });
});
