/**
 * Several real Taskflow processes on one PostgreSQL and one Redis (issue 16's must-shows): each
 * `server/src/main.ts` with the same DATABASE_URL and REDIS_URL, its own DATA_DIR and its own fixed
 * port (a restart after kill -9 comes back at the same address, as a balancer's backend would), and
 * every rate limit off (the tests send far more than one person does).
 *
 * The first instance starts alone (it creates the schema); the others start once it listens, with
 * its token-signing key and unsubscribe secret copied into their DATA_DIR, which is what
 * docs/SCALE-OUT.md tells operators to do until the key lives in the database: a token signed by
 * one instance is then accepted by every other.
 *
 * `startBalancer` is a TCP balancer in front of the instances (round robin over the live ones):
 * a client that loses its instance reconnects to the same address and lands on another, as behind
 * Caddy. It can hold new connections (accepted, not forwarded) while a test looks at the database.
 *
 * Nothing is left behind: `stop()` ends every process; a watchdog shell SIGKILLs the instances
 * (whose pids it reads from a file) if this test process dies without its afterAll.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { freePort, type RedisServer, startPostgres, startRedisServer, type TestPostgres } from './engines.ts';
import { type Exit, type ServerProcess, spawnServer } from './server-process.ts';
import { tempDir } from './temp-dir.ts';

/** Every limit off (0): a test's clients all come from 127.0.0.1 as one person. */
export const NO_RATE_LIMITS: Record<string, string> = Object.fromEntries(
  ['REST_WRITES', 'SYNC_CONNECTIONS', 'SYNC_UPDATES'].flatMap((what) =>
    ['PERSON', 'ADDRESS'].map((per) => [`RATE_LIMIT_${what}_PER_${per}`, '0']),
  ),
);

/** Files of DATA_DIR every instance must share (auth/signing-key.ts, persistence/online-backup.ts). */
const SHARED_FILES = ['signing-key.json', 'unsubscribe-secret'];

export type ClusterInstance = {
  index: number;
  port: number;
  url: string;
  wsUrl: string;
  dataDir: string;
  /** The running process, or undefined between a kill and a restart. */
  process: ServerProcess | undefined;
  alive(): boolean;
};

export type TestCluster = {
  postgres: TestPostgres;
  redis: RedisServer;
  databaseUrl: string;
  instances: ClusterInstance[];
  /** SIGKILL of instance `i`; resolves once it has exited. */
  kill9(i: number): Promise<Exit>;
  /** Starts instance `i` again (same port, DATA_DIR and environment). */
  restart(i: number): Promise<void>;
  /** Everything the instances printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
};

export async function startCluster(
  options: { instances?: number; env?: Record<string, string> } = {},
): Promise<TestCluster> {
  const count = options.instances ?? 3;
  const postgres = await startPostgres();
  const redis = await startRedisServer().catch(async (error) => {
    await postgres.stop();
    throw error;
  });
  const root = tempDir('cluster');
  const pidFile = path.join(root.path, 'pids');
  writeFileSync(pidFile, '');
  const databaseUrl = await postgres.createDatabase('cluster');
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    LOG_LEVEL: 'warn',
    ...NO_RATE_LIMITS,
    ...options.env,
  };
  const instances: ClusterInstance[] = [];
  for (let index = 0; index < count; index++) {
    const port = await freePort();
    const instance: ClusterInstance = {
      index,
      port,
      url: `http://127.0.0.1:${port}`,
      wsUrl: `ws://127.0.0.1:${port}/sync`,
      dataDir: path.join(root.path, `instance-${index}`),
      process: undefined,
      alive: () => {
        const p = instance.process;
        return p !== undefined && p.child.exitCode === null && p.child.signalCode === null;
      },
    };
    instances.push(instance);
  }
  const writePids = () =>
    writeFileSync(
      pidFile,
      instances
        .map((i) => i.process?.child.pid)
        .filter((pid) => pid !== undefined)
        .join(' '),
    );
  const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
  spawn(
    'sh',
    [
      '-c',
      `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -9 $(cat ${quote(pidFile)}) >/dev/null 2>&1; rm -rf ${quote(root.path)}`,
    ],
    { detached: true, stdio: 'ignore' },
  ).unref();
  const outputs: string[] = [];

  const launch = async (instance: ClusterInstance) => {
    const proc = await spawnServer({
      dataDir: instance.dataDir,
      env: { ...env, PORT: String(instance.port) },
    });
    instance.process = proc;
    writePids();
    void proc.exited.then(() =>
      outputs.push(`--- instance ${instance.index} (pid ${proc.child.pid}) ---\n${proc.output()}`),
    );
  };

  const stop = async () => {
    await Promise.all(
      instances.map(async (i) => {
        const p = i.process;
        i.process = undefined;
        if (p) await p.stop('SIGKILL');
      }),
    );
    writePids();
    await Promise.all([postgres.stop(), redis.stop()]);
    root.remove();
  };

  try {
    const [first, ...rest] = instances;
    if (!first) throw new Error('a cluster needs an instance');
    await launch(first);
    for (const other of rest) {
      mkdirSync(other.dataDir, { recursive: true });
      for (const file of SHARED_FILES) {
        const from = path.join(first.dataDir, file);
        if (existsSync(from)) copyFileSync(from, path.join(other.dataDir, file));
      }
    }
    await Promise.all(rest.map(launch));
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    postgres,
    redis,
    databaseUrl,
    instances,
    kill9: async (i) => {
      const p = instances[i]?.process;
      if (!p) throw new Error(`instance ${i} is not running`);
      p.kill9();
      return p.exited;
    },
    restart: async (i) => {
      const instance = instances[i];
      if (!instance) throw new Error(`no instance ${i}`);
      if (instance.alive()) throw new Error(`instance ${i} is running`);
      await launch(instance);
    },
    output: () =>
      [
        ...outputs,
        ...instances.map((i) => `--- instance ${i.index} (running) ---\n${i.process?.output() ?? ''}`),
      ].join('\n'),
    stop,
  };
}

export type Balancer = {
  port: number;
  wsUrl: string;
  /** How many connections went to each instance so far. */
  routed: number[];
  /** How many connections through the balancer are open to each instance now. */
  open: number[];
  /** New connections wait (accepted, not forwarded) until `release()`. */
  hold(): void;
  release(): void;
  close(): Promise<void>;
};

/**
 * A TCP balancer over the cluster's live instances, round robin. A connection whose instance goes
 * away is closed on the client's side too, so its WebSocket sees the drop and reconnects here.
 */
export async function startBalancer(cluster: Pick<TestCluster, 'instances'>): Promise<Balancer> {
  const sockets = new Set<Socket>();
  const held: Socket[] = [];
  let holding = false;
  let next = 0;
  const routed = cluster.instances.map(() => 0);
  const open = cluster.instances.map(() => 0);

  const forward = (client: Socket) => {
    if (client.destroyed) return;
    const live = cluster.instances.filter((i) => i.alive());
    const target = live[next++ % Math.max(1, live.length)];
    if (!target) {
      client.destroy();
      return;
    }
    routed[target.index] = (routed[target.index] ?? 0) + 1;
    open[target.index] = (open[target.index] ?? 0) + 1;
    const backend = createConnection({ host: '127.0.0.1', port: target.port });
    sockets.add(backend);
    backend.on('close', () => {
      open[target.index] = (open[target.index] ?? 0) - 1;
      sockets.delete(backend);
      client.destroy();
    });
    client.on('close', () => backend.destroy());
    backend.on('error', () => client.destroy());
    client.pipe(backend);
    backend.pipe(client);
    client.resume();
  };

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (holding) held.push(client);
    else forward(client);
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    wsUrl: `ws://127.0.0.1:${address.port}/sync`,
    routed,
    open,
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      for (const client of held.splice(0)) forward(client);
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Closes a client the way a tab going offline does. A socket still connecting reports its abort
 * as an `error` event after the provider has stopped listening; it is expected here, not a fault.
 */
export function dropClient(client: { socket: unknown; destroy(): void }): void {
  const ws = (client.socket as { webSocket?: { on?: (event: string, f: () => void) => void } | null })
    .webSocket;
  ws?.on?.('error', () => {});
  client.destroy();
}
