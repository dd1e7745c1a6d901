/** A real server in this process (startServer), on port 0 with a temp data dir: for tests that need many users fast. */
import { type StartOptions, startServer } from '@taskflow/server';
import { startPostgres, type TestPostgres } from './engines.ts';
import { tempDir } from './temp-dir.ts';

/** Every rate limit off: tests that are not about the limits (rate-limits.int.test.ts is). */
export const NO_RATE_LIMITS = {
  'rest-write:person': 0,
  'rest-write:address': 0,
  'sync-connection:person': 0,
  'sync-connection:address': 0,
  'sync-update:person': 0,
  'sync-update:address': 0,
} as const;

export type TestServer = { url: string; wsUrl: string; dataDir: string; close(): Promise<void> };

/**
 * TEST_ENGINE=postgres runs these servers on PostgreSQL (issue 16): one PostgreSQL per test file,
 * a fresh database per server, so any REST or sync test file can be run against that engine.
 */
let postgres: Promise<TestPostgres> | undefined;
async function engineOptions(): Promise<Partial<StartOptions>> {
  if (process.env.TEST_ENGINE !== 'postgres') return {};
  postgres ??= startPostgres();
  return { databaseUrl: await (await postgres).createDatabase('inproc') };
}

export async function startTestServer(options: Partial<StartOptions> = {}): Promise<TestServer> {
  const dir = tempDir('inproc');
  const server = await startServer({
    ...(await engineOptions()),
    port: 0,
    // Many registrations from 127.0.0.1 in one file: the per-address limit is tested on its own.
    limits: { registerPerAddress: 1000, loginPerAddress: 1000 },
    // Whole role × route matrices from one address in seconds: off here, tested on their own
    // (rate-limits.int.test.ts). Servers started through main.ts keep the defaults.
    rateLimits: NO_RATE_LIMITS,
    ...options,
    dataDir: dir.path,
  });
  return {
    url: server.url,
    wsUrl: `${server.url.replace('http', 'ws')}/sync`,
    dataDir: dir.path,
    close: async () => {
      await server.close();
      dir.remove();
    },
  };
}
