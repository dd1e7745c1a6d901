/**
 * Issue 15, must-show 4: the email circuit breaker against a real SMTP server (smtp-server on
 * loopback) that fails for a while and then recovers. With the defaults (5 failures in a row, 60 s
 * cool-down): the breaker opens after five failures, the owners and admins of the workspace whose
 * email waits get exactly one alert, nothing is dead-lettered or loses attempts to the outage,
 * and after the cool-down the sender tries again by itself and every queued email arrives once.
 *
 * The server's clock is injected and the sender's passes are driven by `tick()` (the same pass its
 * loop runs every few seconds); nothing sleeps.
 */

import type { AddressInfo } from 'node:net';
import type Database from 'better-sqlite3';
import { SMTPServer } from 'smtp-server';
import { afterEach, expect, test } from 'vitest';
import { type RunningServer, startServer } from '../src/start-server.ts';
import { addMember, call, createWorkspace, type Session, signUp } from './helpers/auth.ts';
import { parseHeaders } from './helpers/smtp.ts';
import { tempDir } from './helpers/temp-dir.ts';

type Mode = 'refuse' | 'accept';

/** A mail server that refuses every sender with 451 (a local error, "try later") or accepts. */
async function flakySmtp() {
  const received: string[] = [];
  let mode: Mode = 'refuse';
  let connections = 0;
  let server: SMTPServer | undefined;
  let port = 0;
  const start = async () => {
    const s = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onConnect(_session, callback) {
        connections += 1;
        callback();
      },
      onMailFrom(_address, _session, callback) {
        if (mode === 'accept') return callback();
        callback(Object.assign(new Error('Requested action aborted: local error'), { responseCode: 451 }));
      },
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push(
            parseHeaders(Buffer.concat(chunks).toString('utf8')).get('x-taskflow-idempotency-key') ?? '',
          );
          callback();
        });
      },
    });
    s.on('error', () => undefined);
    server = s;
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    port = (s.server.address() as AddressInfo).port;
  };
  await start();
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    get connections() {
      return connections;
    },
    set mode(m: Mode) {
      mode = m;
    },
    start,
    stop: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  };
}

type OutboxRow = {
  idempotency_key: string;
  attempts: number;
  sent_at: number | null;
  dead_at: number | null;
};

let running: RunningServer | undefined;
let smtp: Awaited<ReturnType<typeof flakySmtp>> | undefined;
const dir = tempDir('breaker');
afterEach(async () => {
  await running?.close();
  await smtp?.stop();
  dir.remove();
});

test('must-show 4: SMTP fails, then recovers: one alert, no loss, no dead letter, resumes by itself', async () => {
  smtp = await flakySmtp();
  const clock = { now: Date.UTC(2026, 11, 3, 12) };
  let db: Database.Database | undefined;
  running = await startServer({
    dataDir: dir.path,
    port: 0,
    now: () => clock.now,
    smtpUrl: smtp.url,
    // Only tick() drives the sender here; its own loop would run the same pass.
    senderMs: 3_600_000,
    tickMs: 3_600_000,
    onDatabase: (d) => {
      db = d;
    },
  });
  const url = running.url;
  const outbox = () =>
    (db as Database.Database)
      .prepare('SELECT idempotency_key, attempts, sent_at, dead_at FROM outbox ORDER BY id')
      .all() as OutboxRow[];

  // Olive owns Team, Ada administers it, Mo is a member; six invitations and three welcomes wait.
  const olive = await signUp(url, { name: 'Olive' });
  const ada = await signUp(url, { name: 'Ada' });
  const mo = await signUp(url, { name: 'Mo' });
  const ws = await createWorkspace(olive, 'Team');
  await addMember(olive, ws, ada, 'admin');
  await addMember(olive, ws, mo, 'member');
  for (let i = 1; i <= 4; i++) {
    const res = await call(url, 'POST', `/workspaces/${ws}/invite`, {
      token: olive.accessToken,
      body: { email: `guest${i}@example.com`, role: 'member' },
    });
    expect(res.status).toBe(201);
  }
  const queued = outbox().map((r) => r.idempotency_key);
  expect(queued).toHaveLength(9);

  // 1. One pass: five failures in a row open the breaker; the other four are not even tried.
  await running.tick();
  expect(smtp.connections).toBe(5);
  let rows = outbox();
  expect(rows.filter((r) => r.attempts === 1)).toHaveLength(4); // failed while it was still closed
  expect(rows.filter((r) => r.attempts === 0)).toHaveLength(5); // the fifth (it opened) and the untried
  expect(rows.every((r) => r.sent_at === null && r.dead_at === null)).toBe(true);
  expect(await alerts(url, olive)).toHaveLength(1);
  expect(await alerts(url, ada)).toHaveLength(1);
  expect(await alerts(url, mo)).toHaveLength(0);

  // 2. Open: the outbox is not touched, however many passes run and whatever is due.
  for (const step of [10_000, 10_000, 9_999]) {
    clock.now += step; // up to 1 ms before the cool-down ends; the four retries are due by now
    await running.tick();
  }
  expect(smtp.connections).toBe(5);
  expect(outbox()).toEqual(rows);
  // /readyz tells, and stays ready: email waits in the outbox, the board works.
  expect(await emailReadiness(url)).toEqual({
    status: 200,
    email: { ok: false, transport: 'smtp', state: 'circuit-open' },
  });
  expect(await circuitGauge(url)).toBe(1);

  // 3. The cool-down is over but the server is now down altogether: one trial, refused; it
  // reopens without a second alert, and the trial's attempt is given back.
  await smtp.stop();
  clock.now += 30_001;
  await running.tick();
  expect(outbox()).toEqual(rows);
  await running.tick(); // reopened: nothing tried
  expect(outbox()).toEqual(rows);

  // 4. The server is back. Nobody does anything but wait: after the next cool-down the trial
  // goes through, the breaker closes and the rest follows, each email exactly once.
  smtp.mode = 'accept';
  await smtp.start();
  clock.now += 60_000;
  await running.tick();
  expect([...smtp.received].sort()).toEqual([...queued].sort());
  rows = outbox();
  expect(rows.every((r) => r.sent_at !== null && r.dead_at === null)).toBe(true);
  const dead = await call(url, 'GET', '/admin/dead-letters', { token: olive.accessToken });
  expect(dead.status).toBe(200);
  expect(dead.body.deadLetters).toEqual([]);
  await running.tick();
  expect(smtp.received).toHaveLength(9);
  expect(await emailReadiness(url)).toEqual({
    status: 200,
    email: { ok: true, transport: 'smtp', state: 'ok' },
  });
  expect(await circuitGauge(url)).toBe(0);

  // One alert per opening, not per message or per trial.
  expect(await alerts(url, olive)).toHaveLength(1);
  expect(await alerts(url, ada)).toHaveLength(1);
  expect(await alerts(url, mo)).toHaveLength(0);

  // A second outage is a second opening: a second alert.
  smtp.mode = 'refuse';
  for (let i = 1; i <= 5; i++) {
    await call(url, 'POST', `/workspaces/${ws}/invite`, {
      token: olive.accessToken,
      body: { email: `late${i}@example.com`, role: 'member' },
    });
  }
  await running.tick();
  expect(await alerts(url, olive)).toHaveLength(2);
  expect(outbox().some((r) => r.dead_at !== null)).toBe(false);
});

async function alerts(url: string, who: Session): Promise<{ title: string; body: string }[]> {
  const res = await call<{ items: { kind: string; title: string; body: string }[] }>(
    url,
    'GET',
    '/notifications',
    {
      token: who.accessToken,
    },
  );
  return res.body.items.filter((n) => n.kind === 'system' && /email is paused/i.test(n.title));
}

async function emailReadiness(url: string): Promise<{ status: number; email: unknown }> {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, email: ((await res.json()) as { checks: { email: unknown } }).checks.email };
}

async function circuitGauge(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^taskflow_email_circuit_open (\S+)$/m.exec(text)?.[1]);
}
