/**
 * Issue 15, "Protect": rate limits on REST writes, sync connections and sync updates, per person
 * and per address (protection/). Each server here sets the one limit a test is about low and the
 * clock by hand, so a bucket refills only when the test says so; nothing sleeps.
 *
 * Requests come from different loopback source addresses (127.0.0.0/8 is all local on Linux),
 * which is what the per-address limits key on: the socket's peer address, never X-Forwarded-For.
 */
import { request } from 'node:http';
import { createTask, FIRST_PROJECT_ID, readTask } from '@taskflow/model';
import { afterEach, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { ConfigError, parseConfig, type RateLimitConfig } from '../src/config.ts';
import { CLOSE_RATE_LIMITED } from '../src/protection/sync-limits.ts';
import { annBobMallory, call, createWorkspace, type Session, signUp } from './helpers/auth.ts';
import { BROWSER_BACKOFF, connectClient, readServerState, type TestClient, until } from './helpers/client.ts';
import { NO_RATE_LIMITS, startTestServer, type TestServer } from './helpers/in-process.ts';
import { openAuthenticated } from './helpers/raw-client.ts';

const OFF: RateLimitConfig = NO_RATE_LIMITS;

let server: TestServer | undefined;
const clients: TestClient[] = [];
const clock = { now: Date.now() };

/** A server with every limit off but those given, on a clock that moves only when told. */
async function serverWith(limits: Partial<RateLimitConfig>): Promise<TestServer> {
  clock.now = Date.now();
  server = await startTestServer({ rateLimits: { ...OFF, ...limits }, now: () => clock.now });
  return server;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = undefined;
});

type Answer = { status: number; retryAfter: string | undefined; body: { error?: { code: string } } };

/** A REST call from a chosen loopback source address. */
function callFrom(
  from: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<Answer> {
  const url = new URL((server as TestServer).url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        localAddress: from,
        method,
        path: `/api/v1${path}`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => {
          const retry = res.headers['retry-after'];
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: typeof retry === 'string' ? retry : undefined,
            body: text === '' ? {} : JSON.parse(text),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function workspaceNames(session: Session): Promise<string[]> {
  const res = await call<{ workspaces: { name: string }[] }>(session.baseUrl, 'GET', '/workspaces', {
    token: session.accessToken,
  });
  return res.body.workspaces.map((w) => w.name).sort();
}

describe('REST writes', () => {
  test('per person: past the allowance a write gets 429 with Retry-After and changes nothing; others are unaffected', async () => {
    // 3 a minute: a token every 20 s.
    const { url } = await serverWith({ 'rest-write:person': 3 });
    const ann = await signUp(url, { name: 'Ann' });
    const bob = await signUp(url, { name: 'Bob' });
    for (const name of ['A1', 'A2', 'A3']) await createWorkspace(ann, name);
    const before = await workspaceNames(ann);

    const refused = await call(url, 'POST', '/workspaces', { token: ann.accessToken, body: { name: 'A4' } });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(refused.headers.get('retry-after')).toBe('20');
    expect(await workspaceNames(ann)).toEqual(before);
    // A bad body is not even read: the refusal comes first, and says the same.
    const bad = await call(url, 'POST', '/workspaces', { token: ann.accessToken, body: { name: '' } });
    expect(bad.status).toBe(429);

    // Bob's allowance is his own; reads are never limited.
    expect(await createWorkspace(bob, 'B1')).toEqual(expect.any(String));
    expect((await call(url, 'GET', '/workspaces', { token: ann.accessToken })).status).toBe(200);

    clock.now += 19_000;
    const early = await call(url, 'POST', '/workspaces', { token: ann.accessToken, body: { name: 'A4' } });
    expect([early.status, early.headers.get('retry-after')]).toEqual([429, '1']);
    clock.now += 1_000;
    await createWorkspace(ann, 'A4');
    expect(await workspaceNames(ann)).toEqual([...before, 'A4'].sort());
    // Each refusal is counted by scope (the metrics' onRefused).
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/^taskflow_rate_limit_refusals_total\{scope="rest-write:person"\} 3$/m);
  });

  test('per address: one address is held to its allowance whoever sends; another address is not', async () => {
    const { url } = await serverWith({ 'rest-write:address': 4 });
    const ann = await signUp(url, { name: 'Ann' });
    const bob = await signUp(url, { name: 'Bob' });
    const write = (from: string, who: Session, name: string) =>
      callFrom(from, 'POST', '/workspaces', who.accessToken, { name });
    for (const [who, name] of [
      [ann, 'A1'],
      [bob, 'B1'],
      [ann, 'A2'],
      [bob, 'B2'],
    ] as const)
      expect((await write('127.0.0.7', who, name)).status).toBe(201);
    const refused = await write('127.0.0.7', bob, 'B3');
    expect([refused.status, refused.body.error?.code, refused.retryAfter]).toEqual([
      429,
      'rate_limited',
      '15',
    ]);
    expect(await workspaceNames(bob)).toEqual(['B1', 'B2']);
    expect((await write('127.0.0.8', bob, 'B3')).status).toBe(201);
    expect(await workspaceNames(bob)).toEqual(['B1', 'B2', 'B3']);
  });

  test('configurable: 0 turns a limit off; a bad value stops the start naming the variable', async () => {
    expect(parseConfig({}).rateLimits['rest-write:person']).toBe(600);
    expect(parseConfig({ RATE_LIMIT_REST_WRITES_PER_PERSON: '0' }).rateLimits['rest-write:person']).toBe(0);
    expect(parseConfig({ RATE_LIMIT_SYNC_UPDATES_PER_ADDRESS: '50' }).rateLimits['sync-update:address']).toBe(
      50,
    );
    expect(() => parseConfig({ RATE_LIMIT_SYNC_CONNECTIONS_PER_PERSON: '-1' })).toThrow(ConfigError);
    expect(() => parseConfig({ RATE_LIMIT_SYNC_CONNECTIONS_PER_PERSON: 'many' })).toThrow(
      /RATE_LIMIT_SYNC_CONNECTIONS_PER_PERSON/,
    );

    const { url } = await serverWith({ 'rest-write:person': 0, 'rest-write:address': 0 });
    const ann = await signUp(url, { name: 'Ann' });
    for (let i = 0; i < 30; i++) await createWorkspace(ann, `W${i}`);
    expect((await workspaceNames(ann)).filter((n) => /^W\d+$/.test(n))).toHaveLength(30);
  });
});

describe('sync connections', () => {
  test('per person: past the allowance the socket is closed with 4429 and a retry time; others connect', async () => {
    const { url, wsUrl } = await serverWith({ 'sync-connection:person': 2 });
    const { ann, bob, ws } = await annBobMallory(url, 'Team');
    const first = await openAuthenticated(wsUrl, ann.accessToken, ws);
    const second = await openAuthenticated(wsUrl, ann.accessToken, ws);
    const third = await openAuthenticated(wsUrl, ann.accessToken, ws);
    const closed = await third.closed;
    expect(closed).toEqual({ code: CLOSE_RATE_LIMITED, reason: 'rate-limited, retry after 30 s' });
    expect(third.received).toContainEqual({
      kind: 'stateless',
      payload: JSON.stringify({ type: 'rate-limited', retryAfter: 30 }),
    });
    expect(first.isClosed() || second.isClosed()).toBe(false);
    const bobs = await openAuthenticated(wsUrl, bob.accessToken, ws);
    expect(bobs.isClosed()).toBe(false);
    clock.now += 30_000;
    const later = await openAuthenticated(wsUrl, ann.accessToken, ws);
    await later.next((m) => m.kind === 'sync-status');
    expect(later.isClosed()).toBe(false);
    for (const raw of [first, second, bobs, later]) raw.close();
  });

  test('per address: past the allowance the upgrade is answered 429 with Retry-After', async () => {
    const { url, wsUrl } = await serverWith({ 'sync-connection:address': 2 });
    await signUp(url);
    const upgrade = (from: string) =>
      new Promise<{ status: number; retryAfter?: string }>((resolve, reject) => {
        const socket = new WebSocket(wsUrl, { localAddress: from });
        socket.on('open', () => {
          socket.close();
          resolve({ status: 101 });
        });
        socket.on('unexpected-response', (_req, res) => {
          resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] });
          socket.terminate();
        });
        socket.on('error', (error) => {
          if (!/Unexpected server response/.test(String(error))) reject(error);
        });
      });
    expect(await upgrade('127.0.0.11')).toEqual({ status: 101 });
    expect(await upgrade('127.0.0.11')).toEqual({ status: 101 });
    expect(await upgrade('127.0.0.11')).toEqual({ status: 429, retryAfter: '30' });
    expect(await upgrade('127.0.0.12')).toEqual({ status: 101 });
  });
});

describe('sync updates', () => {
  test('a refused update is not lost: the provider resends it after the wait and everyone gets it', async () => {
    // 4 a minute: the handshake's SyncStep2 takes one, then a token every 15 s.
    const { url, wsUrl } = await serverWith({ 'sync-update:person': 4 });
    const { ann, bob, ws } = await annBobMallory(url, 'Team');
    const annBoard = connectClient(wsUrl, { name: ws, token: ann.token, backoff: BROWSER_BACKOFF });
    const bobBoard = connectClient(wsUrl, { name: ws, token: bob.token, backoff: BROWSER_BACKOFF });
    clients.push(annBoard, bobBoard);
    await Promise.all([annBoard.synced, bobBoard.synced]);

    const refusal = new Promise<void>((resolve) =>
      annBoard.provider.on('stateless', ({ payload }: { payload: string }) => {
        if (JSON.parse(payload).type === 'rate-limited') resolve();
      }),
    );
    const refusedOnce = refusal.then(() => 'refused' as const);
    const ids: string[] = [];
    let outcome: 'acked' | 'refused' = 'acked';
    for (let i = 0; i < 10 && outcome === 'acked'; i++) {
      ids.push(
        createTask(annBoard.doc, annBoard.editor, { projectId: FIRST_PROJECT_ID, title: `Task ${i}` }),
      );
      outcome = await Promise.race([annBoard.acked().then(() => 'acked' as const), refusedOnce]);
    }
    expect(outcome).toBe('refused');
    const lost = ids.at(-1) as string;
    // At least one got through before the allowance ran out: the limit is per minute, not "no writes".
    expect(ids.length).toBeGreaterThan(1);
    expect(annBoard.provider.unsyncedChanges).toBeGreaterThan(0);
    const onServer = await readServerState(wsUrl, bob.token, ws);
    expect(readTask(onServer.doc, lost)).toBeUndefined();
    for (const id of ids.slice(0, -1)) expect(readTask(onServer.doc, id)?.title).toMatch(/^Task/);

    // The provider keeps reconnecting and is refused until a token is free; then it resends.
    clock.now += 60_000;
    await until(bobBoard.doc, (doc) => readTask(doc, lost) !== undefined);
    await annBoard.acked();
    const after = await readServerState(wsUrl, bob.token, ws);
    expect(readTask(after.doc, lost)?.title).toBe(`Task ${ids.length - 1}`);
  });

  test('per address: people behind one address share its allowance', async () => {
    const { url, wsUrl } = await serverWith({ 'sync-update:address': 3 });
    const { ann, bob, ws } = await annBobMallory(url, 'Team');
    // Each handshake (SyncStep2) is an update: Ann's and Bob's connections from 127.0.0.1 use two.
    const annRaw = await openAuthenticated(wsUrl, ann.accessToken, ws);
    await annRaw.next((m) => m.kind === 'sync-status');
    const bobRaw = await openAuthenticated(wsUrl, bob.accessToken, ws);
    await bobRaw.next((m) => m.kind === 'sync-status');
    const third = await openAuthenticated(wsUrl, bob.accessToken, ws);
    await third.next((m) => m.kind === 'sync-status');
    const fourth = await openAuthenticated(wsUrl, ann.accessToken, ws);
    expect((await fourth.closed).code).toBe(CLOSE_RATE_LIMITED);
    for (const raw of [annRaw, bobRaw, third]) raw.close();
  });
});
