/**
 * Issue 16: notices across processes. The process that appends an update writes its notices in the
 * same transaction; another process that applies it from the doc bus must write none for it, and
 * above all must not hand it to its own next append, whose sender it would name as the author.
 * Two Taskflow servers (in this process) on one real PostgreSQL and one real Redis.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RunningServer, startServer } from '../src/start-server.ts';
import { addMember, call, createWorkspace, type Session, signUp } from './helpers/auth.ts';
import { connectClient, type TestClient } from './helpers/client.ts';
import { waitUntil } from './helpers/cluster.ts';
import { type RedisServer, startPostgres, startRedisServer, type TestPostgres } from './helpers/engines.ts';
import { NO_RATE_LIMITS } from './helpers/in-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

type Notice = { kind: string; title: string; body: string };

let postgres: TestPostgres;
let redis: RedisServer;
let a: RunningServer;
let b: RunningServer;
const dirs: { remove(): void }[] = [];

async function server(databaseUrl: string): Promise<RunningServer> {
  const dir = tempDir('cluster-notices');
  dirs.push(dir);
  return startServer({
    databaseUrl,
    redisUrl: redis.url,
    dataDir: dir.path,
    port: 0,
    rateLimits: NO_RATE_LIMITS,
    limits: { registerPerAddress: 1000, loginPerAddress: 1000 },
  });
}

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedisServer()]);
  const databaseUrl = await postgres.createDatabase('cluster_notices');
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

async function notices(base: string, who: Session): Promise<Notice[]> {
  const res = await call<{ items: Notice[] }>(base, 'GET', '/notifications', { token: who.accessToken });
  expect(res.status).toBe(200);
  return res.body.items;
}

test('a comment made through A is told once, and not to its author, after an edit through B', async () => {
  const ann = await signUp(a.url, { name: 'Ann' });
  const bob = await signUp(a.url, { name: 'Bob' });
  const carol = await signUp(a.url, { name: 'Carol' });
  const ws = await createWorkspace(ann, 'Notices');
  await addMember(ann, ws, bob, 'member');
  await addMember(ann, ws, carol, 'member');
  const project = await call(a.url, 'POST', '/projects', {
    token: ann.accessToken,
    body: { workspaceId: ws, name: 'Web' },
  });
  const projectId: string = project.body.project.id;
  // Ann made the task and Bob is its assignee: both follow it.
  const created = await call(a.url, 'POST', '/tasks', {
    token: ann.accessToken,
    body: { projectId, title: 'Ship it', assignee: bob.user.id },
  });
  expect(created.status).toBe(201);
  const taskId: string = created.body.task.id;
  // B holds the document loaded (Carol's tab), so Ann's comment reaches it from the bus.
  const carolOnB: TestClient = connectClient(`${b.url.replace('http', 'ws')}/sync`, {
    name: ws,
    token: carol.token,
  });
  try {
    await carolOnB.synced;
    const comment = await call(a.url, 'POST', `/tasks/${taskId}/comments`, {
      token: ann.accessToken,
      body: { body: 'Looks good to me' },
    });
    expect(comment.status).toBe(201);
    const comments = () => carolOnB.doc.getMap('comments').size;
    await waitUntil(
      () => comments() === 1,
      () => `comments on B: ${comments()}`,
      10_000,
    );
    // Carol's edit is appended by B: its notices are B's to write.
    const edited = await call(b.url, 'PATCH', `/tasks/${taskId}`, {
      token: carol.accessToken,
      body: { title: 'Ship it today' },
    });
    expect(edited.status).toBe(200);
    const bobs = (await notices(b.url, bob)).filter((n) => n.kind === 'comment');
    expect(bobs.map((n) => n.body)).toEqual(['Looks good to me']);
    // Ann wrote the comment: she is never told of it, by anyone's name.
    expect((await notices(a.url, ann)).filter((n) => n.kind === 'comment')).toEqual([]);
  } finally {
    carolOnB.destroy();
  }
});
