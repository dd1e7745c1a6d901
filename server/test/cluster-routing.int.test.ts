/**
 * Issue 16, routing: the documented cluster Caddyfile (docs/deploy/Caddyfile.cluster), run unchanged
 * by a real Caddy in front of three real Taskflow processes on one PostgreSQL and one Redis. Only
 * the global options (no admin endpoint, Caddy's storage in a temp dir) and the environment
 * (TASKFLOW_DOMAIN, TASKFLOW_UPSTREAMS) are the test's.
 *
 * Where a socket landed is read from each instance's own /metrics (`taskflow_sync_connections`,
 * straight from its port, as loopback may): the clients of one workspace are connected one
 * workspace at a time, and the gauges' change says which instance took them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTask, FIRST_PROJECT_ID, readTask } from '@taskflow/model';
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import { call, createWorkspace, type Session, signUp } from './helpers/auth.ts';
import { BROWSER_BACKOFF, connectClient, type TestClient } from './helpers/client.ts';
import { dropClient, startCluster, type TestCluster } from './helpers/cluster-processes.ts';
import { freePort } from './helpers/engines.ts';
import { differing, eventually, instanceDocs, pollUntil, storedDoc, within } from './helpers/replicas.ts';
import { REPO_ROOT } from './helpers/server-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

const CADDY = '/usr/bin/caddy';
const CADDYFILE = path.join(REPO_ROOT, 'docs/deploy/Caddyfile.cluster');
/** Enough that all of them hashing to one of three instances is a 1-in-6,561 chance. */
const WORKSPACES = 9;
const CLIENTS_PER_WORKSPACE = 3;

let dir: ReturnType<typeof tempDir>;
let cluster: TestCluster;
let caddy: ChildProcess | undefined;
let origin: string;
let owner: Session;
const workspaces: string[] = [];
/** Each workspace's clients, and the instance that took them. */
const clientsOf = new Map<string, TestClient[]>();
const holderOf = new Map<string, number>();

beforeAll(async () => {
  dir = tempDir('routing');
  cluster = await startCluster({ instances: 3, env: { TRUST_PROXY: '127.0.0.1,::1' } });
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  const wrapper = path.join(dir.path, 'Caddyfile');
  writeFileSync(
    wrapper,
    [
      '{',
      '\tadmin off',
      `\tstorage file_system ${path.join(dir.path, 'caddy')}`,
      '}',
      `import ${CADDYFILE}`,
      '',
    ].join('\n'),
  );
  caddy = spawn(CADDY, ['run', '--config', wrapper, '--adapter', 'caddyfile'], {
    env: {
      ...process.env,
      HOME: dir.path,
      XDG_DATA_HOME: path.join(dir.path, 'xdg-data'),
      XDG_CONFIG_HOME: path.join(dir.path, 'xdg-config'),
      TASKFLOW_DOMAIN: origin,
      TASKFLOW_UPSTREAMS: cluster.instances.map((i) => `127.0.0.1:${i.port}`).join(' '),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Should this process die without its afterAll, Caddy goes too (checked by name: the pid may be reused).
  spawn(
    'sh',
    [
      '-c',
      `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; [ "$(cat /proc/${caddy.pid}/comm 2>/dev/null)" = caddy ] && kill -9 ${caddy.pid}`,
    ],
    { detached: true, stdio: 'ignore' },
  ).unref();
  let log = '';
  caddy.stderr?.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    caddy?.stderr?.on('data', (chunk: string) => {
      log += chunk;
      if (log.includes('serving initial configuration')) resolve();
    });
    caddy?.on('exit', (code) => reject(new Error(`caddy exited (${code}):\n${log}`)));
  });
}, 120_000);

afterAll(async () => {
  for (const clients of clientsOf.values()) for (const c of clients) dropClient(c);
  if (caddy && caddy.exitCode === null) {
    caddy.kill('SIGTERM');
    await once(caddy, 'exit');
  }
  await cluster?.stop();
  dir?.remove();
});

/** One instance's /metrics, read from its own port (0s for an instance that is down). */
async function scrape(port: number): Promise<string> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    return res.ok ? await res.text() : '';
  } catch {
    return '';
  }
}

const syncConnections = async (): Promise<number[]> =>
  Promise.all(
    cluster.instances.map(async (i) =>
      Number(/^taskflow_sync_connections (\d+)/m.exec(await scrape(i.port))?.[1] ?? 0),
    ),
  );

/** REST writes (POST) each instance has answered, whatever the route. */
const restWrites = async (): Promise<number[]> =>
  Promise.all(
    cluster.instances.map(async (i) =>
      (await scrape(i.port))
        .split('\n')
        .filter(
          (l) => l.startsWith('taskflow_http_request_duration_seconds_count{') && l.includes('method="POST"'),
        )
        .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0),
    ),
  );

/** The sync connections per instance once they add up to `total` (closes reach the server late). */
async function connectionsSettledAt(total: number): Promise<number[]> {
  let now: number[] = [];
  await eventually(async () => {
    now = await syncConnections();
    const sum = now.reduce((a, b) => a + b, 0);
    return sum === total ? [] : [`${sum} sync connections (${now.join(', ')}), expected ${total}`];
  }, 'sync connections');
  return now;
}

const moved = (before: number[], after: number[]) => after.map((n, i) => n - (before[i] ?? 0));

test('REST through Caddy: sign-up, workspaces and tasks work, answered by more than one instance', async () => {
  const before = await restWrites();
  owner = await signUp(origin, { name: 'Router' });
  for (let i = 0; i < WORKSPACES; i++) {
    const ws = await createWorkspace(owner, `Routed ${i}`);
    const task = await call(origin, 'POST', '/tasks', {
      token: owner.accessToken,
      body: { workspaceId: ws, projectId: FIRST_PROJECT_ID, title: `Made over REST in ${i}` },
    });
    expect(task.status).toBe(201);
    const read = await call(origin, 'GET', `/tasks/${task.body.task.id}?workspaceId=${ws}`, {
      token: owner.accessToken,
    });
    expect(read.status).toBe(200);
    workspaces.push(ws);
  }
  const writes = moved(before, await restWrites());
  console.info(`cluster routing: REST writes per instance ${writes.join(', ')}`);
  expect(writes.reduce((a, b) => a + b, 0)).toBe(2 + 2 * WORKSPACES);
  expect(writes.filter((n) => n > 0).length).toBeGreaterThan(1);
}, 60_000);

test("sync through Caddy: one workspace's clients share one instance; different workspaces spread", async () => {
  let total = 0;
  for (const ws of workspaces) {
    const before = await connectionsSettledAt(total);
    const url = `${origin.replace('http:', 'ws:')}/sync?workspace=${encodeURIComponent(ws)}`;
    const clients = Array.from({ length: CLIENTS_PER_WORKSPACE }, () =>
      connectClient(url, { name: ws, token: owner.token, backoff: BROWSER_BACKOFF }),
    );
    clientsOf.set(ws, clients);
    await within(Promise.all(clients.map((c) => c.synced)), `the clients of ${ws} synced`);
    total += CLIENTS_PER_WORKSPACE;
    const delta = moved(before, await connectionsSettledAt(total));
    expect(
      delta.filter((n) => n > 0),
      `${ws}: connections added per instance ${delta.join(', ')}`,
    ).toEqual([CLIENTS_PER_WORKSPACE]);
    holderOf.set(ws, delta.indexOf(CLIENTS_PER_WORKSPACE));
  }
  const holders = [...holderOf.values()];
  console.info(`cluster routing: workspace → instance ${holders.join(' ')}`);
  expect(new Set(holders).size).toBeGreaterThan(1);
}, 90_000);

test("kill -9 of a workspace's instance: its clients move through Caddy to one other instance, keep editing, nothing acknowledged is lost", async () => {
  const ws = workspaces[0] as string;
  const victim = holderOf.get(ws);
  if (victim === undefined) throw new Error('the sync test found no instance for the first workspace');
  const [writer, ...stay] = clientsOf.get(ws) as TestClient[];
  if (!writer) throw new Error('no clients');
  // Every client's acknowledged edits; the writer then closes its tab, so only the server has its edits.
  const acked = new Map<number, { clock: number; tasks: string[] }>();
  for (const c of [writer, ...stay]) {
    const tasks = [0, 1, 2].map((n) =>
      createTask(c.doc, c.editor, { projectId: FIRST_PROJECT_ID, title: `before ${n}` }),
    );
    await within(c.acked(), 'an acknowledgement before the kill');
    acked.set(c.doc.clientID, { clock: Y.getState(c.doc.store, c.doc.clientID), tasks });
  }
  dropClient(writer);
  clientsOf.set(ws, stay);
  const closed = stay.map((c) => new Promise<void>((resolve) => c.socket.on('close', () => resolve())));
  await cluster.kill9(victim);

  // Acknowledged means stored: the log holds every acknowledged edit. (A client re-sending them
  // first could hide a loss here; cluster-failover.int.test.ts holds reconnects for that check.)
  const stored = await storedDoc(cluster.databaseUrl, ws);
  for (const [clientId, { clock, tasks }] of acked) {
    expect(
      Y.getState(stored.store, clientId),
      `client ${clientId}'s acknowledged clock`,
    ).toBeGreaterThanOrEqual(clock);
    for (const id of tasks) expect(readTask(stored, id), `acknowledged task ${id}`).toBeDefined();
  }

  // While it is down each remaining client edits, then reconnects through Caddy and edits again.
  await within(Promise.all(closed), 'the sockets on the killed instance closed');
  const after: string[] = [];
  await Promise.all(
    stay.map(async (c) => {
      after.push(createTask(c.doc, c.editor, { projectId: FIRST_PROJECT_ID, title: 'while down' }));
      await pollUntil(
        () => c.provider.synced,
        () => `client ${c.doc.clientID} synced again through Caddy`,
        60_000,
      );
      after.push(createTask(c.doc, c.editor, { projectId: FIRST_PROJECT_ID, title: 'after moving' }));
      await within(c.acked(), `client ${c.doc.clientID}'s edit after moving acknowledged`, 60_000);
    }),
  );

  // Every client, every live instance and PostgreSQL hold the same document, with every task.
  await eventually(
    async () =>
      differing([
        ...stay.map((c, i) => [`client ${i}`, c.doc] as [string, Y.Doc]),
        ...(await instanceDocs(cluster.instances, owner.token, ws)),
        ['PostgreSQL', await storedDoc(cluster.databaseUrl, ws)],
      ]),
    `replicas of ${ws} after the kill`,
  );
  const final = stay[0]?.doc as Y.Doc;
  for (const id of [...[...acked.values()].flatMap((a) => a.tasks), ...after])
    expect(readTask(final, id), `task ${id}`).toBeDefined();

  // Still one instance per workspace: close each workspace's clients and see whose gauge drops.
  let total = [...clientsOf.values()].reduce((n, cs) => n + cs.length, 0);
  const landed: number[] = [];
  for (const [name, clients] of clientsOf) {
    const before = await connectionsSettledAt(total);
    for (const c of clients) dropClient(c);
    total -= clients.length;
    const gone = moved(await connectionsSettledAt(total), before);
    expect(
      gone.filter((n) => n > 0),
      `${name}: connections closed per instance ${gone.join(', ')}`,
    ).toEqual([clients.length]);
    landed.push(gone.indexOf(clients.length));
  }
  clientsOf.clear();
  console.info(
    `cluster routing: instance ${victim} killed; after it, workspace → instance ${landed.join(' ')}`,
  );
  expect(landed).not.toContain(victim);
  // Rendezvous hashing: the workspaces of the instances still up did not move.
  const before = workspaces.map((w) => holderOf.get(w));
  expect(landed.filter((to, i) => before[i] !== victim && to !== before[i])).toEqual([]);
}, 120_000);
