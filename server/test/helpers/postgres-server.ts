/**
 * A minimal real PostgreSQL 15 (Debian's package) for the cluster tests, on a free port in a
 * temporary directory, stopped afterwards; or the one TEST_DATABASE_URL names. Written while
 * helpers/engines.ts (the PostgreSQL store's, with more in it) was not yet on main: when it is, the
 * cluster tests can use it instead and this file goes.
 *
 * initdb and postgres refuse to run as root: then they run as Debian's `postgres` user (runuser),
 * in a directory given to it.
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { tempDir } from './temp-dir.ts';

const PG_BIN = '/usr/lib/postgresql/15/bin';

export type PostgresServer = {
  /** The server's maintenance database. */
  url: string;
  /** A new, empty database on it; returns its URL. */
  createDatabase(prefix: string): Promise<string>;
  stop(): Promise<void>;
};

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function run(bin: string, args: string[]): void {
  const file = path.join(PG_BIN, bin);
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root) execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'pipe' });
  else execFileSync(file, args, { stdio: 'pipe' });
}

let databases = 0;

export async function startPostgresServer(): Promise<PostgresServer> {
  const given = process.env.TEST_DATABASE_URL;
  const createDatabase = (serverUrl: string) => async (prefix: string) => {
    const name = `${prefix}_${process.pid}_${databases++}`.replace(/[^a-z0-9_]/gi, '_');
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
  };
  if (given) return { url: given, createDatabase: createDatabase(given), stop: async () => {} };
  if (!existsSync(path.join(PG_BIN, 'initdb')))
    throw new Error(
      `PostgreSQL 15 is not installed (${PG_BIN}). As root: apt-get install -y postgresql, or set TEST_DATABASE_URL.`,
    );
  const dir = tempDir('pg');
  if (typeof process.getuid === 'function' && process.getuid() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir.path, uid, gid);
  }
  const data = path.join(dir.path, 'data');
  const log = path.join(dir.path, 'log');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'taskflow', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir.path} -c listen_addresses=127.0.0.1`;
  try {
    run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '30', '-o', options, 'start']);
  } catch (error) {
    throw new Error(
      `PostgreSQL did not start: ${existsSync(log) ? readFileSync(log, 'utf8') : String(error)}`,
    );
  }
  const stopNow = () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Already stopped.
    }
  };
  // A test process that dies without its afterAll must not leave a server behind.
  process.once('exit', stopNow);
  const url = `postgres://taskflow@127.0.0.1:${port}/postgres`;
  return {
    url,
    createDatabase: createDatabase(url),
    stop: async () => {
      process.off('exit', stopNow);
      stopNow();
      dir.remove();
    },
  };
}
