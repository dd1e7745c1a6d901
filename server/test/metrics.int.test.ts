/**
 * Issue 15, must-show 1: `GET /metrics` parses as Prometheus text, and each listed metric moves
 * when its cause happens, driven here for real: a WebSocket client connects, a card moves over
 * sync, a REST request is answered, the ticker passes a due reminder, emails go to a real SMTP
 * server that accepts and then refuses them, a login fails and the next one is refused. Also who
 * may read /metrics (a bearer token, or loopback only) and what /readyz reports per dependency.
 */
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { createTask, FIRST_PROJECT_ID, moveTask, readBoard } from '@taskflow/model';
import { type RunningServer, type StartOptions, startServer } from '@taskflow/server';
import Database from 'better-sqlite3';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../src/persistence/database.ts';
import { call, createWorkspace, register, type Session, signUp } from './helpers/auth.ts';
import { connectClient, type TestClient, until } from './helpers/client.ts';
import { PrometheusText } from './helpers/prometheus-text.ts';
import { smtpSink } from './helpers/smtp.ts';
import { tempDir } from './helpers/temp-dir.ts';

/** Every metric the issue lists, by the name an operator's dashboard uses. */
const LISTED = [
  'taskflow_sync_connections',
  'taskflow_documents_loaded',
  'taskflow_sync_updates_appended_total',
  'taskflow_sync_append_duration_seconds',
  'taskflow_sync_ack_to_broadcast_seconds',
  'taskflow_http_request_duration_seconds',
  'taskflow_ticker_pass_duration_seconds',
  'taskflow_ticker_lag_seconds',
  'taskflow_outbox_depth',
  'taskflow_email_send_attempts_total',
  'taskflow_outbox_dead_letters',
  'taskflow_login_failures_total',
  'taskflow_rate_limit_refusals_total',
  'taskflow_email_circuit_open',
];

async function scrape(url: string, headers: Record<string, string> = {}): Promise<PrometheusText> {
  const res = await fetch(`${url}/metrics`, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return new PrometheusText(await res.text());
}

/** A real SMTP server on loopback that accepts mail, or refuses every recipient for good (550). */
async function refusableSmtp(): Promise<{
  url: string;
  accepted: number;
  refuse: boolean;
  close(): Promise<void>;
}> {
  const state = { accepted: 0, refuse: false };
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!state.refuse) return callback();
      callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
    },
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        state.accepted += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const { port } = smtp.server.address() as { port: number };
  return Object.assign(state, {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  });
}

/** The id of the column holding `taskId` in the first project, if any. */
const columnOf = (doc: import('yjs').Doc, taskId: string) =>
  readBoard(doc, FIRST_PROJECT_ID)?.columns.find((c) => c.tasks.some((t) => t.id === taskId))?.id;

/** Polls the metrics until `check` holds (the schedule projection runs after a short debounce). */
async function eventually(url: string, check: (m: PrometheusText) => boolean): Promise<PrometheusText> {
  for (let i = 0; i < 200; i++) {
    const m = await scrape(url);
    if (check(m)) return m;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the metrics never reached the expected state');
}

describe('GET /metrics: each listed metric moves when its cause happens (issue 15, must-show 1)', () => {
  const HOUR = 3_600_000;
  let clock = Date.parse('2026-12-01T09:00:00.000Z');
  let smtp: Awaited<ReturnType<typeof refusableSmtp>>;
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  let owner: Session;
  let ws: string;
  const clients: TestClient[] = [];
  let taskId = '';

  beforeAll(async () => {
    smtp = await refusableSmtp();
    dir = tempDir('metrics');
    server = await startServer({
      port: 0,
      dataDir: dir.path,
      now: () => clock,
      smtpUrl: smtp.url,
      // The test drives ticker and sender passes itself, through tick().
      tickMs: 3_600_000,
      senderMs: 3_600_000,
      projectionDebounceMs: 10,
      // A document nobody has open is unloaded at once, so connecting loads it.
      docIdleUnloadMs: 0,
      // One free failed login per address and account, then the backoff refuses (429).
      limits: { registerPerAddress: 1000, loginPerAddress: 1000, loginPerAccount: 1 },
    });
    owner = await signUp(server.url, { name: 'Olga Owner' });
    ws = await createWorkspace(owner, 'Observed');
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.close();
    await smtp?.close();
    dir?.remove();
  });

  it('parses strictly as Prometheus text, with the process defaults and every listed metric', async () => {
    const m = await scrape(server.url);
    for (const name of LISTED) expect(m.families.has(name), name).toBe(true);
    expect(m.families.get('process_cpu_user_seconds_total')?.type).toBe('counter');
    expect(m.families.get('nodejs_heap_size_used_bytes')?.type).toBe('gauge');
    expect(m.families.get('taskflow_sync_append_duration_seconds')?.type).toBe('histogram');
    // Labelled counters start at 0 in every known series, so the first event is a visible change.
    for (const result of ['ok', 'failed'])
      expect(m.samples('taskflow_email_send_attempts_total', { result })).toHaveLength(1);
    for (const scope of ['login', 'register', 'rest-write:person', 'sync-update:address'])
      expect(m.samples('taskflow_rate_limit_refusals_total', { scope }), scope).toHaveLength(1);
    // The reader is strict: it refuses what a scraper would.
    for (const bad of [
      'x 1\n', // a sample without TYPE
      '# TYPE x gauge\nx{a="1" 1\n', // an unclosed label list
      '# TYPE x gauge\nx one\n', // not a number
      '# TYPE x gauge\nx 1\nx 2\n', // the same series twice
      '# TYPE x gauge\nx 1', // no final newline
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n', // not cumulative
    ])
      expect(() => new PrometheusText(bad), bad).toThrow();
  });

  it('a WebSocket client connects: open connections +1, loaded documents +1', async () => {
    const before = await scrape(server.url);
    const a = connectClient(`${server.url.replace('http', 'ws')}/sync`, {
      name: ws,
      token: owner.accessToken,
    });
    clients.push(a);
    await a.synced;
    const after = await scrape(server.url);
    expect(after.value('taskflow_sync_connections')).toBe(before.value('taskflow_sync_connections') + 1);
    expect(after.value('taskflow_documents_loaded')).toBe(before.value('taskflow_documents_loaded') + 1);
  });

  it('a card moves over sync: the append is counted and timed, and so is its broadcast to the other client', async () => {
    const wsUrl = `${server.url.replace('http', 'ws')}/sync`;
    const a = clients[0] as TestClient;
    const b = connectClient(wsUrl, { name: ws, token: owner.accessToken });
    clients.push(b);
    await b.synced;
    taskId = createTask(a.doc, a.editor, { projectId: FIRST_PROJECT_ID, title: 'Observe me' });
    await a.acked();
    await until(b.doc, (d) => columnOf(d, taskId) !== undefined);

    const before = await scrape(server.url);
    const done = readBoard(a.doc, FIRST_PROJECT_ID)?.columns.at(-1)?.id as string;
    expect(columnOf(a.doc, taskId)).not.toBe(done);
    moveTask(a.doc, a.editor, taskId, done, 0);
    await a.acked();
    await until(b.doc, (d) => columnOf(d, taskId) === done);
    const after = await scrape(server.url);

    const moved = (name: string) => after.value(name) - before.value(name);
    expect(moved('taskflow_sync_updates_appended_total')).toBeGreaterThanOrEqual(1);
    expect(moved('taskflow_sync_append_duration_seconds_count')).toBe(
      moved('taskflow_sync_updates_appended_total'),
    );
    expect(moved('taskflow_sync_append_duration_seconds_sum')).toBeGreaterThan(0);
    expect(moved('taskflow_sync_ack_to_broadcast_seconds_count')).toBeGreaterThanOrEqual(1);
  });

  it('a REST request: counted and timed under its route template, method and status, never its raw path', async () => {
    const labels = { route: '/api/v1/tasks/:id', method: 'GET', status: '200' };
    const before = await scrape(server.url);
    const res = await call(server.url, 'GET', `/tasks/${taskId}`, { token: owner.accessToken });
    expect(res.status).toBe(200);
    const after = await scrape(server.url);
    const count = 'taskflow_http_request_duration_seconds_count';
    expect(after.value(count, labels)).toBe(before.value(count, labels) + 1);
    expect(after.value('taskflow_http_request_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(
      after.value(count, labels),
    );
    const routes = after.samples(count).map((s) => s.labels.route ?? '');
    expect(routes.filter((r) => r.includes(taskId))).toEqual([]);
  });

  it('a failed login, then one refused by the backoff: login failures +1, rate-limit refusals (login) +1', async () => {
    const failed = 'taskflow_login_failures_total';
    const refused = ['taskflow_rate_limit_refusals_total', { scope: 'login' }] as const;
    const before = await scrape(server.url);
    const wrong = { email: owner.email, password: 'not the password at all' };
    expect((await call(server.url, 'POST', '/auth/login', { body: wrong })).status).toBe(401);
    const once = await scrape(server.url);
    expect(once.value(failed)).toBe(before.value(failed) + 1);
    expect(once.value(...refused)).toBe(before.value(...refused));
    // Within the 1 s backoff: refused before the password is checked, so not a failure.
    expect((await call(server.url, 'POST', '/auth/login', { body: wrong })).status).toBe(429);
    const twice = await scrape(server.url);
    expect(twice.value(...refused)).toBe(once.value(...refused) + 1);
    expect(twice.value(failed)).toBe(once.value(failed));
  });

  it('a ticker pass: its duration is recorded, and the lag behind a due reminder returns to 0 after it', async () => {
    const task = await call(server.url, 'POST', '/tasks', {
      token: owner.accessToken,
      body: { workspaceId: ws, projectId: FIRST_PROJECT_ID, title: 'Due soon', deadline: '2026-12-03' },
    });
    expect(task.status).toBe(201);
    // The 24-hour reminder is due at 2026-12-02T23:59:59.999Z (the deadline day ends in UTC).
    clock = Date.parse('2026-12-03T00:00:10.000Z');
    const late = await eventually(server.url, (m) => m.value('taskflow_ticker_lag_seconds') > 0);
    expect(late.value('taskflow_ticker_lag_seconds')).toBeCloseTo(10.001, 3);

    await server.tick();
    const after = await scrape(server.url);
    expect(after.value('taskflow_ticker_pass_duration_seconds_count')).toBe(
      late.value('taskflow_ticker_pass_duration_seconds_count') + 1,
    );
    expect(after.value('taskflow_ticker_lag_seconds')).toBe(0);
  });

  it('email: outbox depth rises and falls, attempts count by result, a refused message ends a dead letter', async () => {
    const attempts = 'taskflow_email_send_attempts_total';
    // Sent: everything waiting goes out and is counted ok.
    await server.tick();
    const start = await scrape(server.url);
    expect(start.value('taskflow_outbox_depth')).toBe(0);
    const acceptedBefore = smtp.accepted;
    await register(server.url, { name: 'Welcome Me' });
    const queued = await scrape(server.url);
    expect(queued.value('taskflow_outbox_depth')).toBe(1);
    await server.tick();
    const sent = await scrape(server.url);
    expect(sent.value('taskflow_outbox_depth')).toBe(0);
    expect(smtp.accepted).toBe(acceptedBefore + 1);
    expect(sent.value(attempts, { result: 'ok' })).toBe(start.value(attempts, { result: 'ok' }) + 1);

    // Refused for good (550): a failed attempt, the message waits for its retry.
    smtp.refuse = true;
    await register(server.url, { name: 'Never Reached' });
    await server.tick();
    const failing = await scrape(server.url);
    expect(failing.value(attempts, { result: 'failed' })).toBe(
      sent.value(attempts, { result: 'failed' }) + 1,
    );
    expect(failing.value('taskflow_outbox_depth')).toBe(1);
    expect(failing.value('taskflow_outbox_dead_letters')).toBe(sent.value('taskflow_outbox_dead_letters'));
    // /readyz tells, and stays ready: mail waits in the outbox, the board works.
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect((await ready.json()).checks.email).toEqual({ ok: false, transport: 'smtp', state: 'failing' });

    // Past every retry's backoff, attempt by attempt, until the outbox gives up on it.
    let now = failing;
    for (
      let i = 0;
      i < 10 && now.value('taskflow_outbox_dead_letters') === failing.value('taskflow_outbox_dead_letters');
      i++
    ) {
      clock += 2 * HOUR;
      await server.tick();
      now = await scrape(server.url);
    }
    expect(now.value('taskflow_outbox_dead_letters')).toBe(failing.value('taskflow_outbox_dead_letters') + 1);
    expect(now.value('taskflow_outbox_depth')).toBe(0);
    // Eight attempts in all (OUTBOX_DEFAULTS.maxAttempts), every one counted as failed.
    expect(now.value(attempts, { result: 'failed' })).toBe(sent.value(attempts, { result: 'failed' }) + 8);
  }, 30_000);
});

describe('the protections report to the metrics', () => {
  let cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanup.reverse()) await f();
    cleanup = [];
  });

  it('a REST write over the rate limit: 429, and rate-limit refusals by scope +1', async () => {
    const dir = tempDir('metrics-limits');
    const server = await startServer({
      port: 0,
      dataDir: dir.path,
      limits: { registerPerAddress: 1000, loginPerAddress: 1000 },
      // One write a minute per person: the first workspace takes it, the second is refused.
      rateLimits: { 'rest-write:person': 1 },
    });
    cleanup.push(
      () => dir.remove(),
      () => server.close(),
    );
    const ann = await signUp(server.url, { name: 'Ann' });
    const scope = { scope: 'rest-write:person' };
    const before = await scrape(server.url);
    await createWorkspace(ann, 'First');
    expect(
      (await call(server.url, 'POST', '/workspaces', { token: ann.accessToken, body: { name: 'Second' } }))
        .status,
    ).toBe(429);
    const after = await scrape(server.url);
    expect(after.value('taskflow_rate_limit_refusals_total', scope)).toBe(
      before.value('taskflow_rate_limit_refusals_total', scope) + 1,
    );
  });

  it('the email circuit breaker: the gauge is 1 while it is open and /readyz says so; 0 once mail flows again', async () => {
    let clock = Date.parse('2026-12-01T09:00:00.000Z');
    const sink = await smtpSink();
    const dir = tempDir('metrics-breaker');
    const server = await startServer({
      port: 0,
      dataDir: dir.path,
      now: () => clock,
      smtpUrl: sink.url,
      tickMs: 3_600_000,
      senderMs: 3_600_000,
      limits: { registerPerAddress: 1000, loginPerAddress: 1000 },
      emailBreaker: { failureThreshold: 1, coolDownMs: 60_000 },
    });
    cleanup.push(
      () => dir.remove(),
      () => sink.stop(),
      () => server.close(),
    );
    const open = 'taskflow_email_circuit_open';
    expect((await scrape(server.url)).value(open)).toBe(0);
    await sink.stop();
    await register(server.url, { name: 'Welcome Me' });
    await server.tick();
    const down = await scrape(server.url);
    expect(down.value(open)).toBe(1);
    expect(down.value('taskflow_email_send_attempts_total', { result: 'failed' })).toBe(1);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect((await ready.json()).checks.email).toEqual({
      ok: false,
      transport: 'smtp',
      state: 'circuit-open',
    });

    await sink.start();
    clock += 61_000;
    await server.tick();
    const up = await scrape(server.url);
    expect(up.value(open)).toBe(0);
    expect(up.value('taskflow_email_send_attempts_total', { result: 'ok' })).toBe(1);
    expect(up.value('taskflow_outbox_depth')).toBe(0);
    expect(sink.received).toHaveLength(1);
  });
});

describe('who may read /metrics', () => {
  const TOKEN = 'metrics-token-of-thirty-two-chars';
  let cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanup.reverse()) await f();
    cleanup = [];
  });

  async function start(options: Partial<StartOptions>): Promise<RunningServer> {
    const dir = tempDir('metrics-access');
    const server = await startServer({ port: 0, ...options, dataDir: dir.path });
    cleanup.push(
      () => dir.remove(),
      () => server.close(),
    );
    return server;
  }

  /** An address of this machine that is not loopback, if it has one (connecting to it is not loopback). */
  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

  it('METRICS_TOKEN set: 401 without it or with a wrong one, the metrics with it (from any address)', async () => {
    const server = await start({ metricsToken: TOKEN, host: external ? '0.0.0.0' : '127.0.0.1' });
    const base = `http://127.0.0.1:${server.port}`;
    const none = await fetch(`${base}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    for (const wrong of [`Bearer ${TOKEN.slice(0, -1)}`, `Bearer ${TOKEN}x`, TOKEN, `Basic ${TOKEN}`]) {
      const res = await fetch(`${base}/metrics`, { headers: { authorization: wrong } });
      expect(res.status, wrong).toBe(401);
      expect(await res.text()).not.toContain('taskflow_');
    }
    const m = await scrape(base, { authorization: `Bearer ${TOKEN}` });
    expect(m.families.has('taskflow_sync_connections')).toBe(true);
    if (external) await scrape(`http://${external}:${server.port}`, { authorization: `Bearer ${TOKEN}` });
  });

  it('METRICS_TOKEN unset: loopback clients only; a proxied request or another address gets 403', async () => {
    const server = await start({ host: external ? '0.0.0.0' : '127.0.0.1' });
    await scrape(`http://127.0.0.1:${server.port}`);
    // A reverse proxy on this host connects from 127.0.0.1 for every visitor, and says so.
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      const res = await fetch(`http://127.0.0.1:${server.port}/metrics`, {
        headers: { [header]: '203.0.113.9' },
      });
      expect(res.status, header).toBe(403);
    }
    // From this machine's own non-loopback address (the socket's peer is then that address). The
    // decision for addresses a test cannot bind is unit-tested in src/observability/metrics-route.test.ts.
    if (external) expect((await fetch(`http://${external}:${server.port}/metrics`)).status).toBe(403);
  });
});

describe('/readyz reports each dependency', () => {
  let cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanup.reverse()) await f();
    cleanup = [];
  });

  async function start(options: Partial<StartOptions>): Promise<{ server: RunningServer; dataDir: string }> {
    const dir = tempDir('readyz');
    const server = await startServer({ port: 0, ...options, dataDir: dir.path });
    cleanup.push(
      () => dir.remove(),
      () => server.close(),
    );
    return { server, dataDir: dir.path };
  }

  it('healthy: 200 with the database writable, the free space and the email transport', async () => {
    const { server } = await start({});
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe('ok');
    expect(body.checks.database).toEqual({ ok: true });
    expect(body.checks.disk.ok).toBe(true);
    expect(body.checks.disk.freeBytes).toBeGreaterThanOrEqual(100 * 1024 * 1024);
    expect(body.checks.email).toEqual({ ok: true, transport: 'file', state: 'idle' });
  });

  it('less free disk than READY_MIN_FREE_BYTES: 503, the disk check failing and the database fine', async () => {
    const { server } = await start({ readyMinFreeBytes: Number.MAX_SAFE_INTEGER });
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.status).toBe('unavailable');
    expect(body.checks.disk.ok).toBe(false);
    expect(body.checks.disk.freeBytes).toBeLessThan(Number.MAX_SAFE_INTEGER);
    expect(body.checks.database).toEqual({ ok: true });
  });

  it('the database locked by another process past busy_timeout: 503, the database check failing', async () => {
    const { server, dataDir } = await start({ busyTimeoutMs: 150 });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const lock = new Database(path.join(dataDir, DATABASE_FILE));
    lock.exec('BEGIN IMMEDIATE');
    cleanup.push(() => {
      lock.exec('ROLLBACK');
      lock.close();
    });
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.checks.database).toEqual({ ok: false });
    expect(body.checks.disk.ok).toBe(true);
  });
});
