/**
 * Must-show 2 (issue 3): every token of the bad-token corpus (≥ 30: alg none, other algorithms and
 * keys, expired, not yet valid, wrong issuer/audience/type, tampered, revoked jti, a refresh token
 * used as an access token, …) is refused on REST (401) and on the WebSocket (authentication fails).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadOrCreateSigningKey } from '../src/auth/signing-key.ts';
import { type BadToken, badTokens } from './auth/jwt-corpus.ts';
import { call, firstOwner, login, type Session } from './helpers/auth.ts';
import { startTestServer, type TestServer } from './helpers/in-process.ts';
import { authMessage, openRaw } from './helpers/raw-client.ts';

describe('the bad-token corpus against the running server', () => {
  let server: TestServer;
  let owner: Session;
  let corpus: BadToken[];

  beforeAll(async () => {
    server = await startTestServer();
    owner = await firstOwner(server.url);
    // A session that signs out: its access token is revoked, not expired.
    const gone = await login(server.url, owner.email, owner.password);
    const out = await call(server.url, 'POST', '/auth/logout', {
      token: gone.accessToken,
      cookie: gone.cookie,
    });
    expect(out.status).toBe(204);
    const key = await loadOrCreateSigningKey(server.dataDir);
    corpus = await badTokens(key, owner.user.id, {
      valid: owner.accessToken,
      revoked: gone.accessToken,
      refresh: owner.cookie.split('=')[1] ?? '',
    });
  });
  afterAll(async () => server?.close());

  test('the corpus has at least 30 tokens, and the good token works on both paths', async () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    expect((await call(server.url, 'GET', '/me', { token: owner.accessToken })).status).toBe(200);
    const raw = await openRaw(server.wsUrl);
    raw.send(authMessage('default', owner.accessToken));
    expect((await raw.next((m) => m.kind === 'authenticated' || m.kind === 'permission-denied')).kind).toBe(
      'authenticated',
    );
    raw.close();
  });

  test('REST: every bad token gets 401 unauthenticated', async () => {
    for (const bad of corpus) {
      const res = await call(server.url, 'GET', '/workspaces', { token: bad.token });
      expect({ name: bad.name, status: res.status, code: res.body?.error?.code }).toEqual({
        name: bad.name,
        status: 401,
        code: 'unauthenticated',
      });
    }
  });

  test('WebSocket: every bad token fails authentication', async () => {
    // One socket, one document name per token: the socket stays usable after each refusal.
    const raw = await openRaw(server.wsUrl);
    const answers = () =>
      raw.received.filter((m) => m.kind === 'authenticated' || m.kind === 'permission-denied');
    for (const [i, bad] of corpus.entries()) {
      const doc = i === 0 ? 'default' : `default\0t${i}`;
      raw.send(authMessage(doc, bad.token));
      await raw.next(
        (m) => (m.kind === 'authenticated' || m.kind === 'permission-denied') && answers().length > i,
      );
      const answer = answers()[i];
      expect({ name: bad.name, answer }).toEqual({
        name: bad.name,
        answer: { kind: 'permission-denied', reason: 'unauthenticated' },
      });
    }
    raw.close();
  });
});
