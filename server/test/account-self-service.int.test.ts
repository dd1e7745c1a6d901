/**
 * Issue 15, accounts: forgot and reset a password, change it, change the display name and the
 * email address, and confirm a sign-up's address. A real server with a real SMTP server receiving
 * the emails; the links are read from the mail as a person would click them. The server's clock is
 * injected so a link can be tried after it expired.
 */
import { readPeople } from '@taskflow/model';
import { startServer } from '@taskflow/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  addMember,
  call,
  createWorkspace,
  login,
  refreshCookie,
  type Session,
  signUp,
} from './helpers/auth.ts';
import { connectClient, until } from './helpers/client.ts';
import { startTestServer, type TestServer } from './helpers/in-process.ts';
import { withDb } from './helpers/reminder-seed.ts';
import { type MailSink, type ReceivedMail, startMailSink } from './helpers/smtp.ts';
import { tempDir } from './helpers/temp-dir.ts';

const PASSWORD = 'correct horse battery staple';

/** The token of the link in a mail (quoted-printable soft breaks and `=3D` undone first). */
function tokenIn(mail: ReceivedMail): string {
  const text = mail.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const m = /\/(reset-password|verify-email)\?token=([A-Za-z0-9_-]{20,})/.exec(text);
  if (!m?.[2]) throw new Error(`no link in the mail "${mail.subject}"`);
  return m[2];
}

/** Waits for the next mail to `to` whose subject matches, after the `seen` mails already read. */
async function mailTo(sink: MailSink, to: string, subject: RegExp, seen = 0): Promise<ReceivedMail> {
  for (let n = 1; ; n++) {
    const mails = await sink.waitFor(n);
    const matching = mails.filter((m) => m.to.includes(to.toLowerCase()) && subject.test(m.subject));
    if (matching.length > seen) return matching[seen] as ReceivedMail;
  }
}

const countTo = (sink: MailSink, to: string, subject: RegExp) =>
  sink.mails.filter((m) => m.to.includes(to.toLowerCase()) && subject.test(m.subject)).length;

const RESET = /Reset your Taskflow password/;
const CONFIRM_NEW = /Confirm your new Taskflow email/;
const CONFIRM_SIGNUP = /Confirm your email for Taskflow/;

describe('account self-service', () => {
  let sink: MailSink;
  let server: TestServer;
  let offset = 0;
  const now = () => Date.now() + offset;

  beforeAll(async () => {
    sink = await startMailSink();
    server = await startTestServer({ smtpUrl: sink.url, senderMs: 50, now });
  });
  afterAll(async () => {
    await server?.close();
    await sink?.close();
  });

  const refresh = (cookie: string) => call(server.url, 'POST', '/auth/refresh', { cookie });
  const me = (token: string) => call(server.url, 'GET', '/me', { token });
  const forgot = (email: string) => call(server.url, 'POST', '/auth/password/forgot', { body: { email } });
  const reset = (token: string, password: string) =>
    call(server.url, 'POST', '/auth/password/reset', { body: { token, password } });

  test('forgot → email → reset: the old password and every earlier session stop working; the link works once', async () => {
    const ann = await signUp(server.url, { name: 'Ann' });
    const laptop = await login(server.url, ann.email, PASSWORD);
    const asked = await forgot(ann.email);
    expect(asked.status).toBe(202);
    const token = tokenIn(await mailTo(sink, ann.email, RESET));
    // Neither the link table nor the outbox holds the token itself: a copy of the database opens nothing.
    const stored = withDb(server.dataDir, (db) =>
      JSON.stringify([
        db.prepare('SELECT * FROM account_tokens').all(),
        db.prepare("SELECT payload FROM outbox WHERE kind = 'account'").all(),
      ]),
    );
    expect(stored).toContain('password_reset');
    expect(stored).not.toContain(token);

    expect((await reset(token, 'a brand new passphrase')).status).toBe(204);
    expect(
      (await call(server.url, 'POST', '/auth/login', { body: { email: ann.email, password: PASSWORD } }))
        .body,
    ).toMatchObject({ error: { code: 'invalid_credentials' } });
    const fresh = await login(server.url, ann.email, 'a brand new passphrase');
    expect((await me(fresh.accessToken)).status).toBe(200);
    for (const old of [ann, laptop]) {
      expect((await refresh(old.cookie)).status).toBe(401);
      expect((await me(old.accessToken)).status).toBe(401);
    }
    // Single use: the same link again changes nothing.
    const again = await reset(token, 'yet another passphrase');
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('invalid_token');
    expect(again.body.error.message).toMatch(/already used/);
    await login(server.url, ann.email, 'a brand new passphrase');
  });

  test('an unknown address gets the same answer and no mail; a known one gets its link', async () => {
    const bob = await signUp(server.url, { name: 'Bob' });
    const nobody = `nobody-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const unknown = await forgot(nobody);
    const known = await forgot(bob.email);
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    // The sender works the outbox in order: once Bob's mail is here, none for nobody is coming.
    await mailTo(sink, bob.email, RESET);
    expect(sink.mails.some((m) => m.to.includes(nobody))).toBe(false);
  });

  test('an expired link is refused and the password stays; a newer link replaces an older one', async () => {
    const cat = await signUp(server.url, { name: 'Cat' });
    await forgot(cat.email);
    const first = tokenIn(await mailTo(sink, cat.email, RESET));
    await forgot(cat.email);
    const second = tokenIn(await mailTo(sink, cat.email, RESET, 1));
    expect(second).not.toBe(first);
    const replaced = await reset(first, 'replaced link passphrase');
    expect(replaced.body.error.code).toBe('invalid_token');

    offset += 61 * 60_000;
    try {
      const expired = await reset(second, 'too late passphrase');
      expect(expired.status).toBe(400);
      expect(expired.body.error).toMatchObject({
        code: 'invalid_token',
        message: expect.stringMatching(/expired/),
      });
    } finally {
      offset -= 61 * 60_000;
    }
    await login(server.url, cat.email, PASSWORD);
    const unknown = await reset('x'.repeat(43), 'whatever passphrase');
    expect(unknown.body.error.code).toBe('invalid_token');
    const short = await reset(second, 'short');
    expect(short.body.error.code).toBe('invalid_input');
  });

  test('changing the password ends every other session and keeps the caller’s', async () => {
    const dan = await signUp(server.url, { name: 'Dan' });
    const phone = await login(server.url, dan.email, PASSWORD);
    const wrong = await call(server.url, 'POST', '/me/password', {
      token: dan.accessToken,
      body: { currentPassword: 'not my password', newPassword: 'new passphrase here' },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('wrong_password');
    expect((await me(phone.accessToken)).status).toBe(200);

    const changed = await call(server.url, 'POST', '/me/password', {
      token: dan.accessToken,
      body: { currentPassword: PASSWORD, newPassword: 'new passphrase here' },
    });
    expect(changed.status).toBe(204);
    expect((await me(dan.accessToken)).status).toBe(200);
    const kept = await refresh(dan.cookie);
    expect(kept.status).toBe(200);
    expect(refreshCookie(kept.headers)).toBeDefined();
    expect((await me(phone.accessToken)).status).toBe(401);
    expect((await refresh(phone.cookie)).status).toBe(401);
    await login(server.url, dan.email, 'new passphrase here');
    // The account's address hears of it (with the way out if it was not its owner).
    const notice = await mailTo(sink, dan.email, /Your Taskflow password was changed/);
    expect(notice.raw).toContain('/forgot-password');
    const old = await call(server.url, 'POST', '/auth/login', {
      body: { email: dan.email, password: PASSWORD },
    });
    expect(old.status).toBe(401);
  });

  test('a new display name reaches members who have the board open, and the member list', async () => {
    const eve = await signUp(server.url, { name: 'Eve' });
    const fay = await signUp(server.url, { name: 'Fay' });
    const ws = await createWorkspace(eve, 'Names');
    await addMember(eve, ws, fay, 'viewer');
    const board = connectClient(server.wsUrl, { name: ws, token: fay.token });
    try {
      await board.synced;
      await until(board.doc, (doc) => readPeople(doc)[eve.user.id] === 'Eve');
      const renamed = await call(server.url, 'PATCH', '/me', {
        token: eve.accessToken,
        body: { name: '  Eve Ng ' },
      });
      expect(renamed.status).toBe(200);
      expect(renamed.body.user.name).toBe('Eve Ng');
      await until(board.doc, (doc) => readPeople(doc)[eve.user.id] === 'Eve Ng');
      const members = await call(server.url, 'GET', `/workspaces/${ws}/members`, { token: fay.accessToken });
      expect(JSON.stringify(members.body)).toContain('Eve Ng');
      expect((await me(eve.accessToken)).body.user.name).toBe('Eve Ng');
      const empty = await call(server.url, 'PATCH', '/me', { token: eve.accessToken, body: { name: '   ' } });
      expect(empty.body.error.code).toBe('invalid_input');
      expect((await me(eve.accessToken)).body.user.name).toBe('Eve Ng');
    } finally {
      board.destroy();
    }
  });

  test('an email change happens only when the link sent to the new address is opened', async () => {
    const gus = await signUp(server.url, { name: 'Gus' });
    const other = await signUp(server.url, { name: 'Other' });
    const newEmail = `gus-new-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const change = (email: string, currentPassword = PASSWORD) =>
      call(server.url, 'POST', '/me/email', { token: gus.accessToken, body: { email, currentPassword } });

    expect((await change(other.email)).body.error.code).toBe('email_taken');
    expect((await change(newEmail, 'wrong password')).body.error.code).toBe('wrong_password');
    const asked = await change(newEmail);
    expect(asked.status).toBe(202);
    // Nothing changed yet: the old address still signs in, the new one does not.
    expect((await me(gus.accessToken)).body.user.email).toBe(gus.email);
    const early = await call(server.url, 'POST', '/auth/login', {
      body: { email: newEmail, password: PASSWORD },
    });
    expect(early.status).toBe(401);

    const token = tokenIn(await mailTo(sink, newEmail, CONFIRM_NEW));
    const verified = await call(server.url, 'POST', '/auth/email/verify', { body: { token } });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ purpose: 'email_change', user: { email: newEmail } });
    expect((await me(gus.accessToken)).body.user.email).toBe(newEmail);
    const notice = await mailTo(sink, gus.email, /Your Taskflow email address was changed/);
    expect(notice.raw.replace(/=\r?\n/g, '')).toContain(newEmail);
    await login(server.url, newEmail, PASSWORD);
    const oldAddress = await call(server.url, 'POST', '/auth/login', {
      body: { email: gus.email, password: PASSWORD },
    });
    expect(oldAddress.status).toBe(401);
    expect((await call(server.url, 'POST', '/auth/email/verify', { body: { token } })).body.error.code).toBe(
      'invalid_token',
    );
  });

  test('a password change or reset voids a pending email change (whoever knew the old password asked for it)', async () => {
    const ian = await signUp(server.url, { name: 'Ian' });
    const thief = `thief-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const ask = (password: string) =>
      call(server.url, 'POST', '/me/email', {
        token: ian.accessToken,
        body: { email: thief, currentPassword: password },
      });
    expect((await ask(PASSWORD)).status).toBe(202);
    const first = tokenIn(await mailTo(sink, thief, CONFIRM_NEW));
    const changed = await call(server.url, 'POST', '/me/password', {
      token: ian.accessToken,
      body: { currentPassword: PASSWORD, newPassword: 'ian changed it quickly' },
    });
    expect(changed.status).toBe(204);
    const voided = await call(server.url, 'POST', '/auth/email/verify', { body: { token: first } });
    expect(voided.body.error.code).toBe('invalid_token');

    expect((await ask('ian changed it quickly')).status).toBe(202);
    const second = tokenIn(await mailTo(sink, thief, CONFIRM_NEW, 1));
    await forgot(ian.email);
    expect((await reset(tokenIn(await mailTo(sink, ian.email, RESET)), 'ian reset it as well')).status).toBe(
      204,
    );
    const voidedAgain = await call(server.url, 'POST', '/auth/email/verify', { body: { token: second } });
    expect(voidedAgain.body.error.code).toBe('invalid_token');
    const session = await login(server.url, ian.email, 'ian reset it as well');
    expect((await me(session.accessToken)).body.user.email).toBe(ian.email);
  });

  test('an address taken between the request and the link is refused at the link, and nothing changes', async () => {
    const hal = await signUp(server.url, { name: 'Hal' });
    const wanted = `wanted-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const asked = await call(server.url, 'POST', '/me/email', {
      token: hal.accessToken,
      body: { email: wanted, currentPassword: PASSWORD },
    });
    expect(asked.status).toBe(202);
    const token = tokenIn(await mailTo(sink, wanted, CONFIRM_NEW));
    await signUp(server.url, { email: wanted, name: 'Quicker' });
    const late = await call(server.url, 'POST', '/auth/email/verify', { body: { token } });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('email_taken');
    expect((await me(hal.accessToken)).body.user.email).toBe(hal.email);
  });
});

describe('a reset after a restart', () => {
  test('ends access tokens minted by the process before (they name their session)', async () => {
    const dir = tempDir('accounts-restart');
    const sink = await startMailSink();
    const start = () =>
      startServer({
        port: 0,
        dataDir: dir.path,
        smtpUrl: sink.url,
        senderMs: 50,
        limits: { loginPerAddress: 1000 },
      });
    let server = await start();
    try {
      const kim = await signUp(server.url, { name: 'Kim' });
      await server.close();
      server = await start();
      const base = server.url;
      // The old token still works on the new process: only its session's end can stop it.
      expect((await call(base, 'GET', '/me', { token: kim.accessToken })).status).toBe(200);
      await call(base, 'POST', '/auth/password/forgot', { body: { email: kim.email } });
      const token = tokenIn(await mailTo(sink, kim.email, RESET));
      const done = await call(base, 'POST', '/auth/password/reset', {
        body: { token, password: 'kim after restart' },
      });
      expect(done.status).toBe(204);
      expect((await call(base, 'GET', '/me', { token: kim.accessToken })).status).toBe(401);
    } finally {
      await server.close();
      await sink.close();
      dir.remove();
    }
  });
});

describe('sign-up verification (REQUIRE_EMAIL_VERIFICATION)', () => {
  let sink: MailSink;
  let server: TestServer;

  beforeAll(async () => {
    sink = await startMailSink();
    server = await startTestServer({ smtpUrl: sink.url, senderMs: 50, requireEmailVerification: true });
  });
  afterAll(async () => {
    await server?.close();
    await sink?.close();
  });

  test('sign-in waits for the link; a resent link replaces the first; the right password comes first', async () => {
    const email = `ivy-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const registered = await call(server.url, 'POST', '/auth/register', {
      body: { email, password: PASSWORD, name: 'Ivy' },
    });
    expect(registered.status).toBe(201);
    expect(registered.body.verificationRequired).toBe(true);
    const refused = await call(server.url, 'POST', '/auth/login', { body: { email, password: PASSWORD } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('email_unverified');
    expect(refreshCookie(refused.headers)).toBeUndefined();
    // A wrong password says only that: whether the address is confirmed is not told to a guesser.
    const guess = await call(server.url, 'POST', '/auth/login', { body: { email, password: 'guess guess' } });
    expect(guess.body.error.code).toBe('invalid_credentials');

    const first = tokenIn(await mailTo(sink, email, CONFIRM_SIGNUP));
    const resent = await call(server.url, 'POST', '/auth/email/verify/resend', { body: { email } });
    const unknown = await call(server.url, 'POST', '/auth/email/verify/resend', {
      body: { email: 'nobody@example.com' },
    });
    expect(resent.status).toBe(202);
    expect(unknown.body).toEqual(resent.body);
    const second = tokenIn(await mailTo(sink, email, CONFIRM_SIGNUP, 1));
    expect((await call(server.url, 'POST', '/auth/email/verify', { body: { token: first } })).status).toBe(
      400,
    );

    const verified = await call(server.url, 'POST', '/auth/email/verify', { body: { token: second } });
    expect(verified.status).toBe(200);
    expect(verified.body.purpose).toBe('sign_up');
    const session = await login(server.url, email, PASSWORD);
    expect((await me(session.accessToken)).status).toBe(200);
    expect((await call(server.url, 'POST', '/auth/refresh', { cookie: session.cookie })).status).toBe(200);
    expect(countTo(sink, email, /Welcome/)).toBe(0);
  });

  const me = (token: string) => call(server.url, 'GET', '/me', { token });
});

describe('without REQUIRE_EMAIL_VERIFICATION', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  test('a new account signs in at once, as before', async () => {
    const s: Session = await signUp(server.url, { name: 'Jo' });
    expect((await call(server.url, 'GET', '/me', { token: s.accessToken })).status).toBe(200);
  });
});
