/**
 * A real redis-server (Debian's package) for the cluster tests, on a free port in a temporary
 * directory, that a test can kill -9 and start again on the same port: what "Redis restarted during
 * a burst" means (issue 16). No persistence (`--save ''`, no AOF): a restart loses everything Redis
 * held, as a crashed cache would, so whatever converges afterwards converged from the database.
 *
 * With TEST_REDIS_URL set the given server is used and kill/restart are refused (we must not kill
 * someone else's Redis); tests that need them skip.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tempDir } from './temp-dir.ts';

const REDIS = '/usr/bin/redis-server';

export type RedisServer = {
  url: string;
  port: number;
  /** Whether kill9/restart are available (false for a server TEST_REDIS_URL names). */
  owned: boolean;
  /** SIGKILL: connections drop at once, nothing is flushed or said goodbye to. */
  kill9(): Promise<void>;
  /** Starts it again on the same port (empty: nothing was persisted). */
  restart(): Promise<void>;
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

export async function startRedisServer(): Promise<RedisServer> {
  const given = process.env.TEST_REDIS_URL;
  if (given) {
    const refuse = async () => {
      throw new Error('kill9/restart need a redis-server the test started (TEST_REDIS_URL is set)');
    };
    return {
      url: given,
      port: Number(new URL(given).port || 6379),
      owned: false,
      kill9: refuse,
      restart: refuse,
      stop: async () => {},
    };
  }
  if (!existsSync(REDIS))
    throw new Error(
      `redis-server is not installed (${REDIS}). As root: apt-get install -y redis-server, or set TEST_REDIS_URL.`,
    );
  const dir = tempDir('redis');
  const port = await freePort();
  let child: ChildProcess | undefined;

  const start = async () => {
    const proc = spawn(
      REDIS,
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir.path, '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    let out = '';
    proc.stdout?.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`redis-server exited (${code}): ${out}`));
      proc.once('exit', onExit);
      proc.stdout?.on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('Ready to accept connections')) {
          proc.off('exit', onExit);
          resolve();
        }
      });
    });
  };
  const kill9 = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = once(proc, 'exit');
    proc.kill('SIGKILL');
    await exited;
  };
  // A test process that dies without its afterAll must not leave a server behind.
  const onExit = () => child?.kill('SIGKILL');
  process.once('exit', onExit);
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    owned: true,
    kill9,
    restart: start,
    stop: async () => {
      process.off('exit', onExit);
      await kill9();
      dir.remove();
    },
  };
}
