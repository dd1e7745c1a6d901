/**
 * The outbox worked by the email sender against a real SMTP server on loopback, and against the
 * file transport. The clock is moved by hand; nothing sleeps.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EmailSender,
  type EmailSenderOptions,
  IDEMPOTENCY_HEADER,
  messageIdFor,
} from '../../src/notifications/email-sender.ts';
import type { Notification } from '../../src/notifications/kinds.ts';
import { createMailer, MAIL_FILE, type Mailer } from '../../src/notifications/mail-transport.ts';
import { OutboxStore } from '../../src/notifications/outbox.ts';
import { NotificationPrefs } from '../../src/notifications/prefs.ts';
import { verifyUnsubscribeToken } from '../../src/notifications/unsubscribe.ts';
import { atomically } from '../../src/persistence/database.ts';
import { type TempDb, tempDb } from '../automations/temp-db.ts';
import { type SmtpSink, smtpSink } from '../helpers/smtp.ts';

const SECRET = 'test-unsubscribe-secret';
const PUBLIC = 'https://tasks.example.com';
let t: TempDb;
let sink: SmtpSink;
let now: number;
const mailers: Mailer[] = [];

const reminder: Notification = {
  kind: 'reminder',
  payload: {
    workspaceId: 'w1',
    workspaceName: 'Acme',
    taskId: 't1',
    taskTitle: 'Ship <the> release',
    link: '/w/w1/tasks/t1',
    step: 'before',
    deadline: '2026-11-25',
    deadlineAt: Date.UTC(2026, 10, 25, 22, 59, 59, 999),
  },
};

function sender(over: Partial<EmailSenderOptions> & { outbox: OutboxStore; mailer: Mailer }) {
  mailers.push(over.mailer);
  return new EmailSender({
    atomically: atomically(t.db),
    prefs: new NotificationPrefs(t.db),
    from: 'Taskflow <taskflow@tasks.example.com>',
    publicUrl: PUBLIC,
    unsubscribeSecret: SECRET,
    recipientOf: (id) =>
      id === 'bob' ? { email: 'bob@example.com', name: 'Bob', timeZone: 'Europe/Berlin' } : undefined,
    now: () => now,
    ...over,
  });
}

beforeEach(async () => {
  t = tempDb('taskflow-mail-');
  sink = await smtpSink();
  now = Date.UTC(2026, 10, 24, 22);
});
afterEach(async () => {
  for (const m of mailers.splice(0)) m.close();
  await sink.stop();
  t.cleanup();
});

describe('email sender', () => {
  it('E1: a reminder is delivered once, with the idempotency key, Message-ID and unsubscribe link', async () => {
    const outbox = new OutboxStore(t.db);
    const s = sender({ outbox, mailer: createMailer({ smtpUrl: sink.url, dataDir: t.dir }) });
    const key = 'before:w1:t1:123:bob';
    expect(outbox.enqueue({ key, userId: 'bob', now, ...reminder })).not.toBeNull();
    expect(outbox.enqueue({ key, userId: 'bob', now, ...reminder })).toBeNull();
    expect(await s.workOnce()).toMatchObject({ sent: 1 });
    expect(await s.workOnce()).toMatchObject({ sent: 0 });
    expect(sink.received).toHaveLength(1);
    const mail = sink.received[0];
    expect(mail?.to).toEqual(['bob@example.com']);
    expect(mail?.headers.get(IDEMPOTENCY_HEADER.toLowerCase())).toBe(key);
    expect(mail?.headers.get('message-id')).toBe(messageIdFor(key, PUBLIC));
    expect(mail?.headers.get('subject')).toContain('Due soon: Ship <the> release');
    const unsubscribe = /<(https:\/\/[^>]+)>/.exec(mail?.headers.get('list-unsubscribe') ?? '')?.[1] ?? '';
    const token = new URL(unsubscribe).searchParams.get('token') ?? '';
    expect(verifyUnsubscribeToken(SECRET, token)).toEqual({ userId: 'bob', kind: 'reminder' });
    expect(verifyUnsubscribeToken('another secret', token)).toBeNull();
    // The header is for one-click POSTs to the API; people get the page that asks first.
    expect(new URL(unsubscribe).pathname).toBe('/api/v1/notifications/unsubscribe');
    const body = (mail?.raw ?? '').replace(/=\r?\n/g, '').replace(/=3D/g, '='); // quoted-printable
    expect(body).toContain(`${PUBLIC}/unsubscribe?token=${token}`);
    expect(mail?.raw).toContain('Ship &lt;the&gt; release'); // escaped in the HTML part
    expect(outbox.byKey(key)?.sentAt).toBe(now);
  });

  it('E2: SMTP down: retries with growing backoff, dead-letters after N; retry after repair delivers', async () => {
    const dead: number[] = [];
    const outbox = new OutboxStore(t.db, { maxAttempts: 3, random: () => 1 - Number.EPSILON });
    const s = sender({
      outbox,
      mailer: createMailer({ smtpUrl: sink.url, dataDir: t.dir }),
      onDead: (m) => dead.push(m.id),
    });
    await sink.stop();
    const id = outbox.enqueue({ key: 'k-down', userId: 'bob', now, ...reminder }) ?? -1;
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const before = now;
      const r = await s.workOnce();
      expect(r).toMatchObject(attempt < 3 ? { retry: 1 } : { dead: 1 });
      const row = outbox.get(id);
      if (attempt < 3) {
        const wait = (row?.nextAttemptAt ?? 0) - before;
        delays.push(Math.round(wait / 1000));
        now += wait - 1;
        expect(await s.workOnce()).toMatchObject({ sent: 0, retry: 0 }); // not due a millisecond early
        now += 1;
      }
    }
    expect(delays).toEqual([30, 60]);
    expect(outbox.get(id)?.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(outbox.deadLetters().map((m) => m.id)).toEqual([id]);
    expect(dead).toEqual([id]);
    now += 24 * 3_600_000;
    expect(await s.workOnce()).toMatchObject({ sent: 0, dead: 0 }); // dead stays dead
    await sink.start();
    expect(outbox.retry(id, now)).toBe(true);
    expect(await s.workOnce()).toMatchObject({ sent: 1 });
    expect(sink.received.map((m) => m.headers.get(IDEMPOTENCY_HEADER.toLowerCase()))).toEqual(['k-down']);
    expect(outbox.deadLetters()).toEqual([]);
  });

  it('E3: backoff doubles from 30 s, is jittered, and is capped at one hour', () => {
    const outbox = new OutboxStore(t.db, { random: () => 0 });
    expect([1, 2, 3, 8, 20].map((a) => outbox.backoffMs(a))).toEqual([
      15_000, 30_000, 60_000, 1_800_000, 1_800_000,
    ]);
    const top = new OutboxStore(t.db, { random: () => 0.999999 });
    expect(Math.round(top.backoffMs(8) / 1000)).toBe(3600);
  });

  it('E4: without SMTP_URL, mail goes to <DATA_DIR>/outbox-mail.jsonl', async () => {
    const outbox = new OutboxStore(t.db);
    const mailer = createMailer({ dataDir: t.dir });
    expect(mailer.kind).toBe('file');
    const s = sender({ outbox, mailer });
    outbox.enqueue({
      key: 'invite:1',
      userId: null,
      now,
      kind: 'invitation',
      payload: {
        toEmail: 'new@example.com',
        workspaceName: 'Acme',
        inviterName: 'Ann',
        role: 'member',
        link: '/invite/abc',
      },
    });
    outbox.enqueue({ key: 'k-file', userId: 'bob', now, ...reminder });
    expect(await s.workOnce()).toMatchObject({ sent: 2 });
    const lines = readFileSync(path.join(t.dir, MAIL_FILE), 'utf8').trim().split('\n');
    const mails = lines.map(
      (l) => JSON.parse(l) as { subject: string; headers: Record<string, string>; to: unknown },
    );
    expect(mails.map((m) => m.subject)).toEqual(['Ann invited you to Acme', 'Due soon: Ship <the> release']);
    expect(mails[1]?.headers[IDEMPOTENCY_HEADER]).toBe('k-file');
    expect(sink.received).toEqual([]);
  });

  it('E5: preferences: off settles without mail, digest holds until one digest email', async () => {
    const outbox = new OutboxStore(t.db);
    const prefs = new NotificationPrefs(t.db);
    const s = sender({ outbox, prefs, mailer: createMailer({ smtpUrl: sink.url, dataDir: t.dir }) });
    prefs.set('bob', 'reminder', 'off');
    outbox.enqueue({ key: 'off-1', userId: 'bob', now, ...reminder });
    const comment = (i: number) =>
      outbox.enqueue({
        key: `c${i}`,
        userId: 'bob',
        now,
        kind: 'comment',
        payload: { ...reminder.payload, byName: 'Ann', excerpt: `comment ${i}` },
      });
    comment(1);
    comment(2);
    expect(await s.workOnce()).toMatchObject({ skipped: 1, held: 2, sent: 0 });
    expect(await s.workOnce()).toMatchObject({ skipped: 0, held: 0, sent: 0 });
    const digestId = s.flushDigest('bob', '2026-11-25');
    expect(digestId).not.toBeNull();
    expect(s.flushDigest('bob', '2026-11-25')).toBeNull(); // nothing held any more
    expect(await s.workOnce()).toMatchObject({ sent: 1 });
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]?.headers.get('subject')).toBe('Your Taskflow digest for 2026-11-25');
    expect(sink.received[0]?.raw).toContain('New comment on Ship <the> release');
    expect(existsSync(path.join(t.dir, MAIL_FILE))).toBe(false);
  });

  it('E6: unknown recipients and invalid stored payloads go straight to the dead letters', async () => {
    const outbox = new OutboxStore(t.db);
    const s = sender({ outbox, mailer: createMailer({ smtpUrl: sink.url, dataDir: t.dir }) });
    outbox.enqueue({ key: 'ghost', userId: 'ghost', now, ...reminder });
    t.db
      .prepare(
        `INSERT INTO outbox (idempotency_key, kind, user_id, payload, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run('broken', 'reminder', 'bob', '{"nope":1}', now, now);
    expect(await s.workOnce()).toMatchObject({ dead: 2, sent: 0 });
    expect(
      outbox
        .deadLetters()
        .map((m) => m.idempotencyKey)
        .sort(),
    ).toEqual(['broken', 'ghost']);
  });
});
