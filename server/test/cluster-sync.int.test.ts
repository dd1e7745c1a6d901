/**
 * Issue 16, the wiring: two Taskflow servers (in this process, as startServer runs them) on one
 * real PostgreSQL and one real Redis, with real sync clients on each. What one server's client or
 * REST writes reaches the other server's clients through the doc bus; the shared log holds each
 * update once, under dense seqs (cluster-origin applies append nothing); Redis killed mid-burst
 * loses nothing, and the clients converge from the database; /readyz follows Redis by itself.
 */
import { hostname } from 'node:os';
import { createTask, moveTask, readTask } from '@taskflow/model';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../src/logger.ts';
import { type RunningServer, type StartOptions, startServer } from '../src/start-server.ts';
import { addMember, call, createWorkspace, type Session, signUp } from './helpers/auth.ts';
import { BROWSER_BACKOFF, connectClient, type TestClient, until } from './helpers/client.ts';
import { waitUntil } from './helpers/cluster.ts';
import { type RedisServer, startPostgres, startRedisServer, type TestPostgres } from './helpers/engines.ts';
import { NO_RATE_LIMITS } from './helpers/in-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

describe('two servers on one PostgreSQL and one Redis', () => {
  let postgres: TestPostgres;
  let redis: RedisServer;
  let databaseUrl: string;
  let reader: pg.Client;
  const dirs = [tempDir('cluster-a'), tempDir('cluster-b')];
  const servers: RunningServer[] = [];
  const clients: TestClient[] = [];
  const logged: string[] = [];
  const logger = createLogger('warn', { write: (line: string) => void logged.push(line) });
  // Errors other than the request log's lines for answers >= 500 (the 503s /readyz owes while Redis is down).
  const errors = () =>
    logged.filter((line) => {
      const entry = JSON.parse(line) as { level: number; msg: string };
      return entry.level >= 50 && entry.msg !== 'request';
    });
  let ann: Session;
  let ws: string;
  let projectId: string;

  const wsUrl = (server: RunningServer) => `${server.url.replace('http', 'ws')}/sync`;
  const start = (i: number, extra: Partial<StartOptions> = {}) =>
    startServer({
      port: 0,
      dataDir: (dirs[i] as { path: string }).path,
      databaseUrl,
      redisUrl: redis.url,
      logger,
      rateLimits: NO_RATE_LIMITS,
      // Compactions all along, on both servers, while the other one appends (a snapshot must hold
      // only what its copy has: the stored document is checked against the clients).
      compactEvery: 5,
      ...extra,
    });
  const a = () => servers[0] as RunningServer;
  const b = () => servers[1] as RunningServer;
  const connect = (server: RunningServer) => {
    const client = connectClient(wsUrl(server), { name: ws, token: ann.token, backoff: BROWSER_BACKOFF });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([startPostgres(), startRedisServer()]);
    databaseUrl = await postgres.createDatabase('cluster_sync');
    // The signing key and secrets are rows in PostgreSQL: both servers take the same ones.
    servers.push(await start(0));
    servers.push(await start(1));
    reader = new pg.Client({ connectionString: databaseUrl });
    await reader.connect();
    ann = await signUp(a().url, { name: 'Ann' });
    ws = await createWorkspace(ann, 'Acme');
    const project = await call(a().url, 'POST', '/projects', {
      token: ann.accessToken,
      body: { workspaceId: ws, name: 'Web Site' },
    });
    expect(project.status).toBe(201);
    projectId = project.body.project.id as string;
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await reader?.end().catch(() => {});
    for (const s of servers) await s.close();
    await redis?.stop();
    await postgres?.stop();
    for (const d of dirs) d.remove();
  });

  /** The document as a load reads it from PostgreSQL: its snapshot and the rows after it. */
  async function storedDoc(document: string): Promise<Y.Doc> {
    const snapshot = await reader.query<{ data: Buffer; upto_id: string }>(
      'SELECT data, upto_id FROM snapshots WHERE document = $1',
      [document],
    );
    const rows = await reader.query<{ data: Buffer }>(
      'SELECT data FROM updates WHERE document = $1 AND id > $2 ORDER BY id',
      [document, snapshot.rows[0]?.upto_id ?? '0'],
    );
    const doc = new Y.Doc();
    for (const part of [...snapshot.rows, ...rows.rows]) Y.applyUpdate(doc, part.data);
    return doc;
  }

  /** Every row of the document's log, as PostgreSQL holds it. */
  async function logRows(document: string): Promise<{ seq: number; data: Buffer }[]> {
    const rows = await reader.query<{ seq: string; data: Buffer }>(
      'SELECT seq, data FROM updates WHERE document = $1 ORDER BY id',
      [document],
    );
    return rows.rows.map((r) => ({ seq: Number(r.seq), data: r.data }));
  }

  test('a move made on A is seen by a client of B; a task made over REST on A appears on B', async () => {
    const onA = connect(a());
    const onB = connect(b());
    await Promise.all([onA.synced, onB.synced]);
    const created = await call(a().url, 'POST', '/tasks', {
      token: ann.accessToken,
      body: { projectId, title: 'Written on A over REST' },
    });
    expect(created.status).toBe(201);
    const taskId = created.body.task.id as string;
    await until(onB.doc, (doc) => readTask(doc, taskId)?.title === 'Written on A over REST');
    // Its number, written by A's server right after, comes along.
    await until(onB.doc, (doc) => readTask(doc, taskId)?.number != null);

    const target = `${projectId}:col3`;
    moveTask(onA.doc, onA.editor, taskId, target, 0);
    await onA.acked();
    await until(onB.doc, (doc) => readTask(doc, taskId)?.columnId === target);

    // And back the other way: B's client writes, A's sees it.
    const fromB = createTask(onB.doc, onB.editor, { projectId, title: 'Written on B' });
    await onB.acked();
    await until(onA.doc, (doc) => readTask(doc, fromB)?.title === 'Written on B');
    await waitUntil(
      () => Y.encodeStateVector(onA.doc).toString() === Y.encodeStateVector(onB.doc).toString(),
      () => 'state vectors of the two clients differ',
    );
    // Each update is in the log once: seqs 1..N with no hole and no repeat.
    const seqs = (await logRows(ws)).map((r) => r.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(errors()).toEqual([]);
  });

  test('presence set by a client of A reaches a client of B, with the identity from the token', async () => {
    const onA = connect(a());
    const onB = connect(b());
    await Promise.all([onA.synced, onB.synced]);
    onA.provider.setAwarenessField('cursor', { taskId: 'somewhere' });
    const seen = () => onB.provider.awareness?.getStates().get(onA.doc.clientID);
    await waitUntil(
      () => (seen()?.cursor as { taskId?: string } | undefined)?.taskId === 'somewhere',
      () => `B's client sees ${JSON.stringify(seen())}`,
    );
    expect(seen()?.user).toEqual({ id: ann.user.id, name: 'Ann' });
    // And its end: the client leaves A, and B's client sees the state go.
    onA.destroy();
    await waitUntil(
      () => seen() === undefined,
      () => 'the state of the client that left is still shown on B',
    );
  });

  test('Redis killed mid-burst and restarted: every update is in the log once, every client converges, /readyz follows Redis', async () => {
    const writers = [connect(a()), connect(a()), connect(b()), connect(b())];
    await Promise.all(writers.map((c) => c.synced));
    const made: string[] = [];
    const burst = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const writer = writers[i % writers.length] as TestClient;
        made.push(createTask(writer.doc, writer.editor, { projectId, title: `burst ${made.length}` }));
        // A few writes per turn, as people typing on four boards at once.
        if (i % 4 === 3) await new Promise((resolve) => setTimeout(resolve, 2));
      }
    };
    await burst(40);
    await redis.kill9();
    await burst(40);
    await readyz(a(), 503);
    await readyz(b(), 503);
    await redis.restart();
    await burst(40);
    await Promise.all(writers.map((c) => c.acked()));
    await readyz(a(), 200);
    await readyz(b(), 200);

    // Every client holds every task (those its server got only from the log included) …
    const vectors = () => writers.map((c) => Y.encodeStateVector(c.doc).toString());
    await waitUntil(
      () => new Set(vectors()).size === 1 && writers.every((c) => made.every((id) => readTask(c.doc, id))),
      () =>
        `clients differ: ${writers.map((c) => made.filter((id) => !readTask(c.doc, id)).length)} tasks missing`,
      30_000,
    );
    // … and the log holds each update once: dense seqs, no repeat, nothing an apply from another
    // process wrote a second time; replayed, it is the clients' document.
    const rows = await logRows(ws);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(new Set(rows.map((r) => r.data.toString('base64'))).size).toBe(rows.length);
    const replayed = new Y.Doc();
    for (const row of rows) Y.applyUpdate(replayed, row.data);
    expect(Y.encodeStateVector(replayed).toString()).toBe(vectors()[0]);
    // What a process loading it now reads (the snapshot and the rows after it) is the same document.
    const loaded = await storedDoc(ws);
    expect(made.filter((id) => !readTask(loaded, id))).toEqual([]);
    expect(Y.encodeStateVector(loaded).toString()).toBe(vectors()[0]);
    // What Redis dropped came from the database: the catch-ups carried updates.
    const caughtUp = (await Promise.all([a(), b()].map(metric))).reduce((n, m) => n + m, 0);
    expect(caughtUp).toBeGreaterThan(0);
    // The outage was logged, each line naming the process (several share one log stream).
    const outage = logged
      .map((line) => JSON.parse(line))
      .find((e) => e.msg === 'redis unreachable; retrying');
    expect(outage?.instance).toBe(`${hostname()}:${process.pid}`);
    expect(errors()).toEqual([]);
  });

  test('a client that moves to a server lagging behind is not refused for the structs it got elsewhere', async () => {
    const bob = await signUp(a().url, { name: 'Bob' });
    await addMember(ann, ws, bob, 'member');
    const annOnA = connect(a());
    const bobOnA = connectClient(wsUrl(a()), { name: ws, token: bob.token, backoff: BROWSER_BACKOFF });
    clients.push(bobOnA);
    // B has the document loaded (someone is on it there), as it is when it lags.
    const annOnB = connect(b());
    await Promise.all([annOnA.synced, bobOnA.synced, annOnB.synced]);
    // Without Redis, B learns of A's appends only from its periodic read of the log (every 5 s).
    await redis.kill9();
    try {
      const taskId = createTask(annOnA.doc, annOnA.editor, { projectId, title: 'Ann, on A' });
      await annOnA.acked();
      await until(bobOnA.doc, (doc) => readTask(doc, taskId) !== undefined);
      // Bob's tab moves to B (its instance went away) right away, holding Ann's new structs.
      bobOnA.destroy();
      const bobOnB = connectClient(wsUrl(b()), {
        name: ws,
        token: bob.token,
        doc: bobOnA.doc,
        backoff: BROWSER_BACKOFF,
      });
      clients.push(bobOnB);
      await bobOnB.synced;
      const mine = createTask(bobOnB.doc, bobOnB.editor, { projectId, title: 'Bob, on B' });
      await bobOnB.acked();
      expect(bobOnB.stateless.filter((m) => m.includes('rejected'))).toEqual([]);
      // Both reached B's copy: Ann's other tab there sees them, without waiting for Redis.
      await until(
        annOnB.doc,
        (doc) => readTask(doc, taskId) !== undefined && readTask(doc, mine) !== undefined,
      );
    } finally {
      await redis.restart();
    }
  });

  test('a task made over REST on A can be read and edited over REST on B at once, even with Redis down', async () => {
    // B has the document loaded and, without Redis, hears of A's appends only every 5 s.
    const onB = connect(b());
    await onB.synced;
    await redis.kill9();
    try {
      const created = await call(a().url, 'POST', '/tasks', {
        token: ann.accessToken,
        body: { projectId, title: 'made on A' },
      });
      expect(created.status).toBe(201);
      const taskId = created.body.task.id as string;
      const read = await call(b().url, 'GET', `/tasks/${taskId}`, { token: ann.accessToken });
      expect(read.status).toBe(200);
      expect(read.body.task.title).toBe('made on A');
      const edited = await call(b().url, 'PATCH', `/tasks/${taskId}`, {
        token: ann.accessToken,
        body: { title: 'edited on B' },
      });
      expect(edited.status).toBe(200);
      await until(onB.doc, (doc) => readTask(doc, taskId)?.title === 'edited on B');
    } finally {
      await redis.restart();
    }
  });

  /** Polls /readyz until it answers `status` (Redis reconnects on its own backoff, up to 1 s). */
  async function readyz(server: RunningServer, status: number): Promise<void> {
    const deadline = Date.now() + 20_000;
    let last = 0;
    let body: unknown;
    while (Date.now() < deadline) {
      const res = await fetch(`${server.url}/readyz`);
      last = res.status;
      body = await res.json();
      if (last === status) {
        expect((body as { checks: { redis?: { ok: boolean } } }).checks.redis).toEqual({
          ok: status === 200,
        });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`/readyz stayed ${last}: ${JSON.stringify(body)}`);
  }

  async function metric(server: RunningServer): Promise<number> {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('taskflow_cluster_caught_up_total '));
    return Number(line?.split(' ')[1] ?? 0);
  }
});
