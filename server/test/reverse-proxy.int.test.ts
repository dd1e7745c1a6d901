/**
 * Issue 15, README's reverse proxy: the documented Caddyfile (docs/deploy/Caddyfile), run by a real
 * Caddy with its internal CA in front of a real Taskflow process, as the README says to run both.
 * Through it: the app and the API over https, the refresh cookie marked Secure, sync over wss
 * (a task made by one client reaches another), and the client's own address seen by the server
 * (TRUST_PROXY) so per-address limits hold per person, not per proxy, and a forged
 * X-Forwarded-For does not buy a fresh address.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import path from 'node:path';
import { createTask, FIRST_PROJECT_ID, readTask } from '@taskflow/model';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type ClientOptions, WebSocket } from 'ws';
import { connectClient, until } from './helpers/client.ts';
import { REPO_ROOT, type ServerProcess, spawnServer } from './helpers/server-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

const CADDY = '/usr/bin/caddy';
const CADDYFILE = path.join(REPO_ROOT, 'docs/deploy/Caddyfile');
/** REST writes one address may make per window before 429: small, so the test reaches it. */
const WRITES_PER_ADDRESS = 5;

let dir: ReturnType<typeof tempDir>;
let server: ServerProcess;
let caddy: ChildProcess;
let origin: string;
let ca: Buffer;

async function freePort(): Promise<number> {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as { port: number }).port;
  s.close();
  await once(s, 'close');
  return port;
}

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: unknown };

/** One https request through the proxy, verified against Caddy's CA, from a chosen local address. */
function viaProxy(
  method: string,
  pathname: string,
  options: { body?: unknown; token?: string; from?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${origin}${pathname}`,
      {
        method,
        ca,
        localAddress: options.from ?? '127.0.0.1',
        headers: {
          origin,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  // npm test installs it as root (scripts/test.mjs), as it does Chromium.
  if (!existsSync(CADDY)) throw new Error(`${CADDY} is missing: apt-get install -y caddy`);
  dir = tempDir('proxy');
  const httpsPort = await freePort();
  const httpPort = await freePort();
  origin = `https://localhost:${httpsPort}`;
  // The app's own page, not the build: vitest runs before `vite build` in npm test.
  const staticDir = path.join(dir.path, 'web');
  mkdirSync(staticDir);
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><div id="root"></div>\n');
  server = await spawnServer({
    dataDir: path.join(dir.path, 'data'),
    env: {
      STATIC_DIR: staticDir,
      PUBLIC_URL: origin,
      COOKIE_SECURE: 'true',
      TRUST_PROXY: '127.0.0.1,::1',
      RATE_LIMIT_REST_WRITES_PER_ADDRESS: String(WRITES_PER_ADDRESS),
    },
  });
  // The documented file, imported unchanged; only where Caddy listens and keeps its CA is ours.
  const wrapper = path.join(dir.path, 'Caddyfile');
  writeFileSync(
    wrapper,
    [
      '{',
      '\tadmin off',
      '\tskip_install_trust',
      `\thttps_port ${httpsPort}`,
      `\thttp_port ${httpPort}`,
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
      TASKFLOW_DOMAIN: 'localhost',
      TASKFLOW_UPSTREAM: `127.0.0.1:${server.port}`,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  caddy.stderr?.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    caddy.stderr?.on('data', (chunk: string) => {
      log += chunk;
      if (log.includes('serving initial configuration')) resolve();
    });
    caddy.on('exit', (code) => reject(new Error(`caddy exited (${code}):\n${log}`)));
  });
  ca = readFileSync(path.join(dir.path, 'caddy/pki/authorities/local/root.crt'));
}, 60_000);

afterAll(async () => {
  if (caddy && caddy.exitCode === null) {
    caddy.kill('SIGTERM');
    await once(caddy, 'exit');
  }
  await server?.stop();
  dir?.remove();
});

async function signUpViaProxy(name: string, from = '127.0.0.1') {
  const email = `${name.toLowerCase()}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const password = 'correct horse battery staple';
  const registered = await viaProxy('POST', '/api/v1/auth/register', {
    body: { email, password, name },
    from,
  });
  expect(registered.status).toBe(201);
  const login = await viaProxy('POST', '/api/v1/auth/login', { body: { email, password }, from });
  expect(login.status).toBe(200);
  return { token: (login.body as { accessToken: string }).accessToken, cookies: login.headers['set-cookie'] };
}

test('the app, the API and the Secure refresh cookie over https through the documented Caddyfile', async () => {
  const page = await viaProxy('GET', '/');
  expect(page.status).toBe(200);
  expect(String(page.body)).toContain('<div id="root">');
  expect((await viaProxy('GET', '/readyz')).status).toBe(200);

  const { cookies } = await signUpViaProxy('Ann');
  const refresh = [cookies ?? []].flat().find((c) => c.startsWith('tf_refresh='));
  expect(refresh).toMatch(/;\s*Secure/i);
});

test('sync over wss through the proxy: a task one client makes reaches the other', async () => {
  const { token } = await signUpViaProxy('Bea');
  const workspace = await viaProxy('POST', '/api/v1/workspaces', { body: { name: 'Proxied' }, token });
  expect(workspace.status).toBe(201);
  const name = (workspace.body as { id: string }).id;
  // `ws` verifies the proxy's certificate against Caddy's CA, as a browser would against a real one.
  class TrustingCaddy extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[], opts?: ClientOptions) {
      super(address, protocols, { ...opts, ca });
    }
  }
  const wsUrl = `${origin.replace('https:', 'wss:')}/sync`;
  // Constructed as the provider constructs it, (url, protocols); ws's typings also admit `null`.
  const webSocket = TrustingCaddy as unknown as typeof WebSocket;
  const a = connectClient(wsUrl, { name, token, webSocket });
  const b = connectClient(wsUrl, { name, token, webSocket });
  try {
    await Promise.all([a.synced, b.synced]);
    const id = createTask(a.doc, a.editor, { projectId: FIRST_PROJECT_ID, title: 'Through the proxy' });
    await a.acked();
    await until(b.doc, (d) => readTask(d, id)?.title === 'Through the proxy');
  } finally {
    a.destroy();
    b.destroy();
  }
});

test("each person behind the proxy has their own address, and a forged X-Forwarded-For doesn't change it", async () => {
  // 127.0.0.2 and 127.0.0.3 are two people; both reach Taskflow only through Caddy at 127.0.0.1.
  const refusedAt: number[] = [];
  for (let i = 0; i < WRITES_PER_ADDRESS + 1; i++) {
    const r = await viaProxy('POST', '/api/v1/auth/login', {
      body: { email: `nobody${i}@example.com`, password: 'wrong password, long enough' },
      from: '127.0.0.2',
      // Each a fresh address, were the server to believe what the client wrote.
      headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
    });
    if (r.status === 429) refusedAt.push(i);
  }
  expect(refusedAt.length).toBeGreaterThan(0);
  const other = await viaProxy('POST', '/api/v1/auth/login', {
    body: { email: 'someone@example.com', password: 'wrong password, long enough' },
    from: '127.0.0.3',
  });
  expect(other.status).toBe(401);
});
