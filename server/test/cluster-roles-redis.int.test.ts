/**
 * Two Taskflow servers on one PostgreSQL and one Redis (issue 16), in this process: what goes
 * through Redis between them. A person's unread count reaches their tab on the other server
 * (cluster/push-bus.ts); the rate limits are one allowance across both servers
 * (cluster/redis-rate-limiter.ts), for REST writes and for new sync sockets (the upgrade waits for
 * Redis's verdict, then answers 429 or completes the handshake), and failed logins are counted
 * together (auth/login-limiter.ts SharedLoginLimiter).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { type RunningServer, startServer } from '../src/start-server.ts';
import { addMember, call, createWorkspace, type Session, signUp } from './helpers/auth.ts';
import { connectClient } from './helpers/client.ts';
import { waitUntil } from './helpers/cluster.ts';
import { type RedisServer, startPostgres, startRedisServer, type TestPostgres } from './helpers/engines.ts';
import { tempDir } from './helpers/temp-dir.ts';

const WRITES_PER_MINUTE = 6;
const SOCKETS_PER_MINUTE = 3;

let postgres: TestPostgres;
let redis: RedisServer;
let a: RunningServer;
let b: RunningServer;
const dirs: { remove(): void }[] = [];

async function server(databaseUrl: string): Promise<RunningServer> {
  const dir = tempDir('roles-redis');
  dirs.push(dir);
  return startServer({
    databaseUrl,
    redisUrl: redis.url,
    dataDir: dir.path,
    port: 0,
    limits: { registerPerAddress: 1000, loginPerAddress: 1000 },
    rateLimits: {
      'rest-write:person': WRITES_PER_MINUTE,
      'rest-write:address': 0,
      'sync-connection:person': 0,
      'sync-connection:address': SOCKETS_PER_MINUTE,
      'sync-update:person': 0,
      'sync-update:address': 0,
    },
  });
}

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedisServer()]);
  const databaseUrl = await postgres.createDatabase('roles_redis');
  a = await server(databaseUrl);
  b = await server(databaseUrl);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await redis?.stop();
  await postgres?.stop();
  for (const dir of dirs) dir.remove();
});

test('a task assigned on one server: the assignee’s tab on the other hears the new unread count', async () => {
  // Each REST write below is charged to its author: Ann makes the workspace, Bob the task.
  const ann: Session = await signUp(a.url, { name: 'Ann' });
  const bob: Session = await signUp(a.url, { name: 'Bob' });
  const ws = await createWorkspace(ann, 'Pushes');
  await addMember(ann, ws, bob, 'member');
  const project = await call(a.url, 'POST', '/projects', {
    token: ann.accessToken,
    body: { workspaceId: ws, name: 'Web' },
  });
  const projectId: string = project.body.project.id;
  const annOnB = connectClient(`${b.url.replace('http', 'ws')}/sync`, { name: ws, token: ann.token });
  try {
    await annOnB.synced;
    const created = await call(a.url, 'POST', '/tasks', {
      token: bob.accessToken,
      body: { projectId, title: 'For Ann', assignee: ann.user.id },
    });
    expect(created.status).toBe(201);
    const unread = () =>
      annOnB.stateless
        .map((m) => JSON.parse(m) as { type?: string; unread?: number })
        .filter((m) => m.type === 'notifications')
        .map((m) => m.unread);
    await waitUntil(
      () => unread().includes(1),
      () => `pushes on B: ${JSON.stringify(unread())}`,
      10_000,
    );
  } finally {
    annOnB.destroy();
  }
});

test('one REST write allowance across both servers', async () => {
  const carl = await signUp(a.url, { name: 'Carl' });
  const statuses: number[] = [];
  // Alternating servers, one at a time: each server alone would allow all ten.
  for (let i = 0; i < 10; i++) {
    const res = await call(i % 2 === 0 ? a.url : b.url, 'POST', '/workspaces', {
      token: carl.accessToken,
      body: { name: `W${i}` },
    });
    statuses.push(res.status);
    if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  }
  expect(statuses.filter((s) => s === 201)).toHaveLength(WRITES_PER_MINUTE);
  expect(statuses.filter((s) => s === 429)).toHaveLength(10 - WRITES_PER_MINUTE);
});

test('one sync-socket allowance per address across both servers: the upgrade waits for the verdict', async () => {
  const upgrade = (base: string) =>
    new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`${base.replace('http', 'ws')}/sync`);
      socket.once('open', () => {
        socket.close();
        resolve(101);
      });
      socket.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        socket.terminate();
      });
      socket.once('error', reject);
    });
  // The push test above opened one socket from this address (on B); the allowance is per minute.
  const answers: number[] = [];
  for (let i = 0; i < 4; i++) answers.push(await upgrade(i % 2 === 0 ? a.url : b.url));
  expect(answers.filter((s) => s === 101)).toHaveLength(SOCKETS_PER_MINUTE - 1);
  expect(answers.filter((s) => s === 429)).toHaveLength(4 - (SOCKETS_PER_MINUTE - 1));
});

test('failed logins are counted across both servers: the free tries are shared, not doubled', async () => {
  const dana = await signUp(a.url, { name: 'Dana' });
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) {
    const res = await call(i % 2 === 0 ? a.url : b.url, 'POST', '/auth/login', {
      body: { email: dana.email, password: `wrong guess ${i}` },
    });
    statuses.push(res.status);
  }
  // Ten free failures per account and address (the default), then a wait: on either server.
  expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
  expect(statuses.slice(10)).toEqual([429, 429]);
});
