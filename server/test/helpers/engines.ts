/**
 * Real PostgreSQL and Redis for tests (issue 16), from Debian's packages: each started on a free
 * port in a temporary directory and stopped afterwards, or the ones TEST_DATABASE_URL /
 * TEST_REDIS_URL name. Nothing is mocked: the engine under test is the one operators run. Redis
 * is redis-server.ts's (it can also kill -9 and restart it), re-exported here so one import
 * gives a test both engines.
 *
 * initdb and postgres refuse to run as root, and tests here often do (CI runs as root): then they
 * run as the `postgres` user Debian's package creates (via runuser), in a directory given to it.
 * fsync stays on, as in production: the point of these tests is that an acknowledged update is on
 * disk. Start one per test file (beforeAll); a cluster costs about a second to create.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { tempDir } from './temp-dir.ts';

export { type RedisServer, startRedisServer } from './redis-server.ts';

const PG_BIN = '/usr/lib/postgresql/15/bin';

export type TestPostgres = {
  /** A new, empty database on this server, named uniquely; returns its URL. */
  createDatabase(prefix?: string): Promise<string>;
  /** Stops the server now (fast shutdown) and removes its directory; a given server is left alone. */
  stop(): Promise<void>;
  /** Stops a started server without removing its data (tests of "database unreachable"); start() brings it back. */
  pause(): void;
  start(): void;
  /** The server's own URL (the maintenance database). */
  url: string;
};

let counter = 0;

/** A port nobody listens on now (the engines bind it a moment later; another taker is unlikely). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL binary as an unprivileged user when we are root. */
function pgCommand(bin: string, args: string[]): [string, string[]] {
  const file = path.join(PG_BIN, bin);
  return isRoot() ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
}

function pgRun(bin: string, args: string[]): void {
  const [cmd, argv] = pgCommand(bin, args);
  execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function startPostgres(): Promise<TestPostgres> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    return {
      url: given,
      createDatabase: (prefix) => createDatabaseOn(given, prefix),
      stop: async () => {},
      pause: () => {
        throw new Error('pause() needs a PostgreSQL the test started (TEST_DATABASE_URL is set)');
      },
      start: () => {},
    };
  }
  if (!existsSync(path.join(PG_BIN, 'initdb')))
    throw new Error(
      `PostgreSQL 15 is not installed (${PG_BIN}/initdb). As root: apt-get install -y postgresql, or set TEST_DATABASE_URL.`,
    );
  const dir = tempDir('pg');
  if (isRoot()) {
    const pw = execFileSync('id', ['-u', 'postgres']).toString().trim();
    const gid = execFileSync('id', ['-g', 'postgres']).toString().trim();
    chownSync(dir.path, Number(pw), Number(gid));
  }
  const data = path.join(dir.path, 'data');
  // --no-sync only for the cluster's creation (a crash there just fails the test); the server runs with fsync on.
  pgRun('initdb', ['-D', data, '-A', 'trust', '-U', 'taskflow', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const start = () =>
    pgRun('pg_ctl', [
      '-D',
      data,
      '-l',
      path.join(dir.path, 'log'),
      '-w',
      '-t',
      '30',
      '-o',
      `-p ${port} -k ${dir.path} -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c max_connections=200`,
      'start',
    ]);
  const stopNow = () => {
    try {
      pgRun('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    } catch {
      // Already stopped (pause() then stop()).
    }
  };
  try {
    start();
  } catch (error) {
    const log = path.join(dir.path, 'log');
    throw new Error(
      `PostgreSQL did not start: ${existsSync(log) ? readFileSync(log, 'utf8') : String(error)}`,
    );
  }
  // A test process that dies without its afterAll must not leave a server behind: an exit hook
  // covers a normal exit; Vitest ends its workers with a signal, which runs no hook, so a small
  // watchdog shell stops the server and removes its directory once this process is gone.
  const onExit = () => stopNow();
  process.once('exit', onExit);
  const [ctl, ctlArgs] = pgCommand('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
  const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
  spawn(
    'sh',
    [
      '-c',
      `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${[ctl, ...ctlArgs].map(quote).join(' ')} >/dev/null 2>&1; rm -rf ${quote(dir.path)}`,
    ],
    { detached: true, stdio: 'ignore' },
  ).unref();
  const url = `postgres://taskflow@127.0.0.1:${port}/postgres`;
  return {
    url,
    createDatabase: (prefix) => createDatabaseOn(url, prefix),
    pause: stopNow,
    start,
    stop: async () => {
      process.off('exit', onExit);
      stopNow();
      dir.remove();
    },
  };
}

async function createDatabaseOn(serverUrl: string, prefix = 'taskflow'): Promise<string> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`.replace(
    /[^a-z0-9_]/gi,
    '_',
  );
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
