/** A real server in this process (startServer), on port 0 with a temp data dir: for tests that need many users fast. */
import { type StartOptions, startServer } from '@taskflow/server';
import { tempDir } from './temp-dir.ts';

export type TestServer = { url: string; wsUrl: string; dataDir: string; close(): Promise<void> };

export async function startTestServer(options: Partial<StartOptions> = {}): Promise<TestServer> {
  const dir = tempDir('inproc');
  const server = await startServer({
    port: 0,
    // Many registrations from 127.0.0.1 in one file: the per-address limit is tested on its own.
    limits: { registerPerAddress: 1000, loginPerAddress: 1000 },
    // Whole role × route matrices from one address in seconds: off here, tested on their own
    // (rate-limits.int.test.ts). Servers started through main.ts keep the defaults.
    rateLimits: {
      'rest-write:person': 0,
      'rest-write:address': 0,
      'sync-connection:person': 0,
      'sync-connection:address': 0,
      'sync-update:person': 0,
      'sync-update:address': 0,
    },
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
