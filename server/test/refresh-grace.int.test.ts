/**
 * Issue 8, item 8, over HTTP: a browser that crashed before its rotated refresh cookie reached disk
 * presents the previous cookie again and stays signed in; a copy presented once the holder moved
 * on, or the successor that never arrived, still ends the whole family. The window's end is tested
 * with a clock beside the store (server/src/auth/refresh-tokens.test.ts).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, refreshCookie, signUp } from './helpers/auth.ts';
import { startTestServer, type TestServer } from './helpers/in-process.ts';

describe('refresh rotation tolerates a crash', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  const refresh = async (cookie: string) => {
    const res = await call(server.url, 'POST', '/auth/refresh', { cookie });
    return { status: res.status, cookie: refreshCookie(res.headers), accessToken: res.body?.accessToken };
  };
  const me = async (token: string) => (await call(server.url, 'GET', '/me', { token })).status;

  test('the previous cookie, presented again before its successor, gets a new one: still signed in', async () => {
    const s = await signUp(server.url);
    const opened = await refresh(s.cookie); // the app opens; the browser dies before this cookie is on disk
    expect(opened.status).toBe(200);
    const lost = opened.cookie as string;

    const restarted = await refresh(s.cookie);
    expect(restarted.status).toBe(200);
    expect(restarted.cookie).toBeDefined();
    expect(restarted.cookie).not.toBe(lost);
    expect(await me(restarted.accessToken)).toBe(200);
    // And the session goes on as usual from the new cookie.
    const later = await refresh(restarted.cookie as string);
    expect(later.status).toBe(200);
    expect(await me(later.accessToken)).toBe(200);
    expect(await me(opened.accessToken)).toBe(200);
  });

  test('the previous cookie after the holder presented its successor: the family is revoked', async () => {
    const s = await signUp(server.url);
    const second = await refresh(s.cookie);
    const third = await refresh(second.cookie as string);
    expect(third.status).toBe(200);

    const replay = await refresh(s.cookie);
    expect(replay.status).toBe(401);
    expect(await me(third.accessToken)).toBe(401);
    expect((await refresh(third.cookie as string)).status).toBe(401);
  });

  test('a second replay after the grace was used and the holder moved on: the family is revoked', async () => {
    const s = await signUp(server.url);
    await refresh(s.cookie); // lost in a crash
    const restarted = await refresh(s.cookie);
    expect(restarted.status).toBe(200);
    const moved = await refresh(restarted.cookie as string);
    expect(moved.status).toBe(200);

    expect((await refresh(s.cookie)).status).toBe(401);
    expect(await me(moved.accessToken)).toBe(401);
    expect((await refresh(moved.cookie as string)).status).toBe(401);
  });

  test('the successor that never arrived, presented later, is a copy: the family is revoked', async () => {
    const s = await signUp(server.url);
    const lost = await refresh(s.cookie);
    const restarted = await refresh(s.cookie);
    expect(restarted.status).toBe(200);

    const copy = await refresh(lost.cookie as string);
    expect(copy.status).toBe(401);
    expect(await me(restarted.accessToken)).toBe(401);
    expect((await refresh(restarted.cookie as string)).status).toBe(401);
  });
});
