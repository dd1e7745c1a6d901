/**
 * Issue 8, must-show 5, over real HTTP: security headers on every answer, strict JSON content
 * types, body size and nesting limits before parsing, the Origin check on the cookie routes, and
 * the Host allowlist (DNS rebinding) for requests and WebSocket upgrades.
 *
 * Requests that set Host go through node:http: fetch treats Host as a forbidden header.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { call, type Session, signUp } from './helpers/auth.ts';
import { startTestServer, type TestServer } from './helpers/in-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

type RawAnswer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function raw(
  server: TestServer,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawAnswer> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const codeOf = (answer: RawAnswer): unknown =>
  (JSON.parse(answer.body) as { error: { code: string } }).error.code;

/** Resolves with the HTTP status of a refused upgrade, or 101 when the socket opens. */
function upgradeStatus(wsUrl: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', reject);
  });
}

describe('HTTP hardening (issue 8)', () => {
  const web = tempDir('hardening-web');
  let server: TestServer;
  let alice: Session;

  beforeAll(async () => {
    mkdirSync(path.join(web.path, 'assets'), { recursive: true });
    writeFileSync(
      path.join(web.path, 'index.html'),
      '<!doctype html><title>Taskflow</title><script type="module" src="/assets/app.js"></script>',
    );
    server = await startTestServer({ staticDir: web.path, publicUrl: 'https://tasks.example.com' });
    alice = await signUp(server.url);
  });
  afterAll(async () => {
    await server?.close();
    web.remove();
  });

  test('every answer carries CSP (no inline script, no framing), nosniff, a referrer policy and X-Frame-Options', async () => {
    const answers = await Promise.all([
      raw(server, { path: '/' }),
      raw(server, { path: '/projects/first/board' }),
      raw(server, { path: '/healthz' }),
      raw(server, { path: '/api/v1/openapi.json' }),
      raw(server, { path: '/api/v1/no-such-route' }),
      raw(server, { path: '/healthz', headers: { host: 'rebound.attacker.example' } }),
      raw(server, { method: 'POST', path: '/api/v1/auth/login', headers: { 'content-type': 'text/plain' } }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 404, 421, 415]);
    for (const answer of answers) {
      const csp = String(answer.headers['content-security-policy']);
      const directives = new Map(
        csp.split(';').map((d) => {
          const [name = '', ...values] = d.trim().split(/\s+/);
          return [name, values] as const;
        }),
      );
      expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
      expect(directives.get('script-src')).toEqual(["'self'"]);
      expect(directives.get('object-src')).toEqual(["'none'"]);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['x-frame-options']).toBe('DENY');
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  test('JSON routes refuse text/plain, form and multipart bodies with 415, and take application/json', async () => {
    const json = JSON.stringify({ email: alice.email, password: 'not the password' });
    for (const type of [
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const answer = await raw(server, {
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: { 'content-type': type },
        body: json,
      });
      expect(answer.status, type).toBe(415);
      expect(codeOf(answer)).toBe('unsupported_media_type');
    }
    const missing = await raw(server, { method: 'POST', path: '/api/v1/auth/login', body: json });
    expect(missing.status).toBe(415);
    const right = await raw(server, {
      method: 'POST',
      path: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: json,
    });
    expect(right.status).toBe(401);
    expect(codeOf(right)).toBe('invalid_credentials');
    // Behind a bearer token too: the type is checked before the handler does anything.
    const created = await call(server.url, 'POST', '/workspaces', {
      token: alice.accessToken,
      rawBody: JSON.stringify({ name: 'Typed' }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(created.status).toBe(415);
    const list = await call<{ workspaces: { name: string }[] }>(server.url, 'GET', '/workspaces', {
      token: alice.accessToken,
    });
    expect(JSON.stringify(list.body)).not.toContain('Typed');
  });

  test('bodies over 1 MiB get 413 by Content-Length and by counting a chunked stream', async () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 0x20);
    const declared = await raw(server, {
      method: 'POST',
      path: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
      body: big,
    });
    expect(declared.status).toBe(413);
    expect(codeOf(declared)).toBe('payload_too_large');
    const chunked = await raw(server, {
      method: 'POST',
      path: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: big,
    });
    expect(chunked.status).toBe(413);
    expect(codeOf(chunked)).toBe('payload_too_large');
  });

  test('a 1 MB deeply nested body is refused (400 json_too_deep) in milliseconds, before parsing', async () => {
    const depth = 500_000;
    const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const post = (body: string) =>
      raw(server, {
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        body,
      });
    await post(nested);
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i += 1) {
      const started = performance.now();
      const answer = await post(nested);
      best = Math.min(best, performance.now() - started);
      expect(answer.status).toBe(400);
      expect(codeOf(answer)).toBe('json_too_deep');
    }
    console.info(`1 MB nested JSON body answered in ${best.toFixed(1)} ms (best of 3, round trip)`);
    // JSON.parse alone takes ~600 ms on this body; the scan a few.
    expect(best).toBeLessThan(150);
    // Nesting within the limit is still parsed and validated as usual.
    const shallow = await post(JSON.stringify({ email: [[['a']]], password: 'x' }));
    expect(shallow.status).toBe(400);
    expect(codeOf(shallow)).toBe('invalid_input');
  });

  test('cookie routes refuse a foreign Origin (login CSRF included); our own origin and non-browsers pass', async () => {
    const login = (headers: Record<string, string>) =>
      raw(server, {
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ email: alice.email, password: alice.password }),
      });
    const foreign = await login({ origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(codeOf(foreign)).toBe('forbidden');
    expect(foreign.headers['set-cookie']).toBeUndefined();
    expect((await login({ origin: 'null' })).status).toBe(403);
    const url = new URL(server.url);
    expect((await login({ origin: url.origin })).status).toBe(200);
    expect((await login({})).status).toBe(200);
    for (const route of ['/api/v1/auth/register', '/api/v1/auth/refresh', '/api/v1/auth/logout']) {
      const answer = await raw(server, {
        method: 'POST',
        path: route,
        headers: { origin: 'https://evil.example', cookie: alice.cookie, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(answer.status, route).toBe(403);
    }
  });

  test('Host must name this server: others get 421 on HTTP and on the WebSocket upgrade', async () => {
    const port = new URL(server.url).port;
    const status = async (host: string) =>
      (await raw(server, { path: '/healthz', headers: { host } })).status;
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      'localhost:5173',
      `[::1]:${port}`,
      '192.168.1.20:8080',
      'tasks.example.com',
      'tasks.example.com:443',
    ]) {
      expect(await status(host), host).toBe(200);
    }
    for (const host of ['rebound.attacker.example', `attacker.example:${port}`, 'example.com']) {
      expect(await status(host), host).toBe(421);
    }
    const app = await raw(server, { path: '/', headers: { host: 'rebound.attacker.example' } });
    expect(app.status).toBe(421);
    expect(codeOf(app)).toBe('misdirected_request');
    expect(app.body).not.toContain('<title>');

    expect(await upgradeStatus(server.wsUrl, { host: 'rebound.attacker.example' })).toBe(421);
    expect(
      await upgradeStatus(server.wsUrl, {
        host: `attacker.example:${port}`,
        origin: `http://attacker.example:${port}`,
      }),
    ).toBe(421);
    expect(await upgradeStatus(server.wsUrl, { host: `localhost:${port}` })).toBe(101);
  });
});
