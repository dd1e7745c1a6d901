/**
 * Issue 8: failed logins slow the address that makes them and never lock the owner out. Before,
 * ten failures by anyone locked an account for 15 minutes, the right password included.
 *
 * Requests come from different loopback source addresses (127.0.0.0/8 is all local on Linux),
 * which is what the limiter keys on: the socket's peer address, never X-Forwarded-For.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { register } from './helpers/auth.ts';
import { startTestServer, type TestServer } from './helpers/in-process.ts';

type Answer = { status: number; retryAfter: number; code: string | undefined };

describe('login backoff (issue 8)', () => {
  let server: TestServer;
  let ann: { email: string; password: string };

  beforeAll(async () => {
    // The defaults: under attack past 10 failures; 50 per address per window.
    server = await startTestServer({ limits: { registerPerAddress: 1000 } });
    ann = await register(server.url);
  });
  afterAll(async () => server?.close());

  function login(from: string, password: string, email = ann.email): Promise<Answer> {
    const url = new URL(server.url);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          localAddress: from,
          method: 'POST',
          path: '/api/v1/auth/login',
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            body += chunk;
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              retryAfter: Number(res.headers['retry-after'] ?? 0),
              code:
                res.statusCode === 200
                  ? undefined
                  : (JSON.parse(body) as { error: { code: string } }).error.code,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ email, password }));
    });
  }

  test('an attacker’s failures hold back the attacker’s address, not the owner with the right password', async () => {
    const attacker = '127.0.0.2';
    const answers: Answer[] = [];
    // Until its backoff starts, then every attempt is refused without a password check.
    for (let i = 0; i < 12; i += 1) answers.push(await login(attacker, `guess ${i}`));
    expect(answers.slice(0, 10).map((a) => a.code)).toEqual(Array(10).fill('invalid_credentials'));
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    for (const a of refused) {
      expect(a.code).toBe('rate_limited');
      expect(a.retryAfter).toBeGreaterThan(0);
    }
    // A right guess from the attacking address still waits its turn.
    expect((await login(attacker, ann.password)).status).toBe(429);

    // The owner, from another address, signs in at once: no 15-minute lock.
    expect((await login('127.0.0.3', ann.password)).status).toBe(200);
    // A typo while the account is under attack costs the owner a second, not fifteen minutes.
    expect((await login('127.0.0.4', 'typo')).status).toBe(401);
    const afterTypo = await login('127.0.0.4', ann.password);
    expect([200, 429]).toContain(afterTypo.status);
    if (afterTypo.status === 429) expect(afterTypo.retryAfter).toBe(1);
  });

  test('an account under attack from many addresses gives each one guess before its backoff', async () => {
    const bea = await register(server.url);
    // Ten addresses, one failure each: the account now counts as under attack.
    for (let i = 10; i < 20; i += 1)
      expect((await login(`127.0.1.${i}`, 'guess', bea.email)).status).toBe(401);
    const next = await login('127.0.2.1', 'guess', bea.email);
    expect(next.status).toBe(401);
    const again = await login('127.0.2.1', 'guess again', bea.email);
    expect(again.status).toBe(429);
    expect(again.retryAfter).toBeGreaterThan(0);
    // An address that has not been failing is not held back.
    expect((await login('127.0.2.2', bea.password, bea.email)).status).toBe(200);
  });
});
