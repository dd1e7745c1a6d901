/**
 * Must-show 3 and 5 (issue 3): refresh-token rotation over HTTP, where reusing an old refresh
 * cookie ends every session of that family; login limiting (429 + Retry-After) and identical
 * answers, in about the same time, for an unknown email and a wrong password.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, login, refreshCookie, register, type Session, signUp } from './helpers/auth.ts';
import { startTestServer, type TestServer } from './helpers/in-process.ts';

describe('sessions', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      limits: { loginPerAccount: 5, loginPerAddress: 1000, registerPerAddress: 1000 },
    });
  });
  afterAll(async () => server?.close());

  const refresh = (cookie: string) => call(server.url, 'POST', '/auth/refresh', { cookie });

  test('login sets an httpOnly, SameSite=Strict refresh cookie scoped to /api/v1/auth (not Secure over http)', async () => {
    const r = await register(server.url);
    const res = await call(server.url, 'POST', '/auth/login', {
      body: { email: r.email, password: r.password },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ expiresIn: 900, user: { id: r.id, email: r.email, name: r.name } });
    const line = res.headers.getSetCookie().find((l) => l.startsWith('tf_refresh=')) ?? '';
    expect(line).toMatch(/HttpOnly/);
    expect(line).toMatch(/SameSite=Strict/);
    expect(line).toMatch(/Path=\/api\/v1\/auth/);
    expect(line).not.toMatch(/Secure/);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test('refresh rotates the cookie; reusing an old one ends every session of that family, and only that family', async () => {
    const s = await signUp(server.url);
    const other = await login(server.url, s.email, s.password); // another device: another family
    const first = await refresh(s.cookie);
    expect(first.status).toBe(200);
    const second = refreshCookie(first.headers) as string;
    expect(second).not.toBe(s.cookie);
    const third = await refresh(second);
    expect(third.status).toBe(200);
    const newest = refreshCookie(third.headers) as string;
    const newestAccess = third.body.accessToken as string;
    expect((await call(server.url, 'GET', '/me', { token: newestAccess })).status).toBe(200);

    // A thief replays the first cookie: refused, and the whole family is gone.
    const replay = await refresh(s.cookie);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('unauthenticated');
    expect(replay.headers.getSetCookie().join()).toMatch(/tf_refresh=;/);
    expect((await refresh(newest)).status).toBe(401);
    // The family's access tokens die with it, not 15 minutes later.
    expect((await call(server.url, 'GET', '/me', { token: newestAccess })).status).toBe(401);
    expect((await call(server.url, 'GET', '/me', { token: s.accessToken })).status).toBe(401);
    // The other device is untouched.
    expect((await refresh(other.cookie)).status).toBe(200);
    expect((await refresh('tf_refresh=made-up')).status).toBe(401);
    expect((await call(server.url, 'POST', '/auth/refresh')).status).toBe(401);
  });

  test('logout revokes the access token and the refresh family, and clears the cookie', async () => {
    const s = await signUp(server.url);
    const out = await call(server.url, 'POST', '/auth/logout', { token: s.accessToken, cookie: s.cookie });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join()).toMatch(/tf_refresh=;/);
    expect((await call(server.url, 'GET', '/me', { token: s.accessToken })).status).toBe(401);
    expect((await refresh(s.cookie)).status).toBe(401);
  });

  test('the cookie routes refuse other origins; the server’s own origin and non-browsers are fine', async () => {
    const s = await signUp(server.url);
    const evil = await call(server.url, 'POST', '/auth/refresh', {
      cookie: s.cookie,
      headers: { origin: 'https://evil.example' },
    });
    expect(evil.status).toBe(403);
    const own = await call(server.url, 'POST', '/auth/refresh', {
      cookie: s.cookie,
      headers: { origin: server.url },
    });
    expect(own.status).toBe(200);
  });

  test('unknown email and wrong password: same status and body, about the same time', async () => {
    const r = await register(server.url);
    // Wrong passwords spread over several accounts (each under the per-account limit of 5), so the
    // medians rest on 9 pairs: 3 were swayed by one slow sample on a loaded machine.
    const others = await Promise.all([1, 2, 3].map(() => register(server.url)));
    const attempt = async (email: string) => {
      const t0 = performance.now();
      const res = await call(server.url, 'POST', '/auth/login', {
        body: { email, password: 'not the password' },
      });
      return { ms: performance.now() - t0, status: res.status, body: res.body };
    };
    const unknown: { ms: number }[] = [];
    const wrong: { ms: number }[] = [];
    // Alternating, 9 of each, after one warm-up of each.
    await attempt('nobody@example.com');
    const first = await attempt(r.email);
    const accounts = [r, r, r, ...others.flatMap((o) => [o, o])];
    for (let i = 0; i < accounts.length; i++) {
      const u = await attempt(`nobody${i}@example.com`);
      const w = await attempt((accounts[i] as { email: string }).email);
      expect({ status: u.status, body: u.body }).toEqual({ status: w.status, body: w.body });
      unknown.push(u);
      wrong.push(w);
    }
    expect(first.status).toBe(401);
    expect(first.body).toEqual({
      error: { code: 'invalid_credentials', message: 'The email or password is not right.' },
    });
    const median = (xs: { ms: number }[]) =>
      xs.map((x) => x.ms).sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const ratio = median(unknown) / median(wrong);
    console.info(
      `login timing: unknown ${median(unknown).toFixed(1)} ms, wrong ${median(wrong).toFixed(1)} ms, ratio ${ratio.toFixed(2)}`,
    );
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  test('failed logins slow the guessing address for that account: 429 with Retry-After there, even with the right password', async () => {
    const r = await register(server.url);
    for (let i = 0; i < 5; i++) {
      const res = await call(server.url, 'POST', '/auth/login', {
        body: { email: r.email, password: 'wrong password' },
      });
      expect(res.status).toBe(401);
    }
    const limited = await call(server.url, 'POST', '/auth/login', {
      body: { email: r.email, password: r.password },
    });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // X-Forwarded-For is not trusted: a made-up address does not get a fresh budget.
    const spoofed = await call(server.url, 'POST', '/auth/login', {
      body: { email: r.email, password: r.password },
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(spoofed.status).toBe(429);
  });
});

describe('per-address limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      limits: { loginPerAddress: 3, registerPerAddress: 3, loginPerAccount: 100 },
    });
  });
  afterAll(async () => server?.close());

  test('registrations and failed logins from one address are limited', async () => {
    const sessions: Session[] = [];
    for (let i = 0; i < 3; i++) sessions.push(await signUp(server.url));
    const fourth = await call(server.url, 'POST', '/auth/register', {
      body: { email: 'late@example.com', password: 'long enough password', name: 'Late' },
    });
    expect(fourth.status).toBe(429);
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
    // Three different accounts, one address: the spray is stopped.
    for (const s of sessions) {
      expect(
        (await call(server.url, 'POST', '/auth/login', { body: { email: s.email, password: 'nope nope' } }))
          .status,
      ).toBe(401);
    }
    const spray = await call(server.url, 'POST', '/auth/login', {
      body: { email: 'x@example.com', password: 'nope nope' },
    });
    expect(spray.status).toBe(429);
  });

  test('register validates input and refuses a taken email with 409 email_taken', async () => {
    const other = await startTestServer();
    try {
      const body = { email: 'Ann@Example.com', password: 'long enough password', name: 'Ann' };
      expect((await call(other.url, 'POST', '/auth/register', { body })).status).toBe(201);
      const again = await call(other.url, 'POST', '/auth/register', {
        body: { ...body, email: 'ann@example.com' },
      });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('email_taken');
      const short = await call(other.url, 'POST', '/auth/register', {
        body: { ...body, email: 'b@example.com', password: 'short' },
      });
      expect(short.status).toBe(400);
      expect(short.body.error.code).toBe('invalid_input');
      expect(short.body.error.details[0].path).toBe('password');
    } finally {
      await other.close();
    }
  });
});
