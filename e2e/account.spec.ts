/**
 * Issue 15, accounts, in the browser: a forgotten password reset end to end (the link is read from
 * the mail a real SMTP server received, as a person would click it), and a name and a password
 * changed in Settings (the other browser's session ends; this one stays).
 *
 * The server fixture passes its environment on, so this file points SMTP_URL at its own loopback
 * SMTP server for its tests and puts the variable back afterwards.
 */
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { SMTPServer } from 'smtp-server';
import { apiSignUp, person, signIn } from './fixtures/auth.ts';
import { column, openBoard } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

type Mail = { to: string[]; raw: string };
const mails: Mail[] = [];
let smtp: SMTPServer;
const saved = { SMTP_URL: process.env.SMTP_URL, TICK_MS: process.env.TICK_MS };

test.beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  // The sender works the outbox every min(5 s, TICK_MS): a mail in well under a second.
  process.env.TICK_MS = '500';
});

test.afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** The path and query of the reset link in the newest mail to `email` (PUBLIC_URL is not this server's). */
async function resetLink(email: string): Promise<string> {
  let path: string | undefined;
  await expect
    .poll(() => {
      const mail = mails.filter((m) => m.to.includes(email)).at(-1);
      const text = mail?.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=') ?? '';
      path = /(\/reset-password\?token=[A-Za-z0-9_-]+)/.exec(text)?.[1];
      return path !== undefined;
    })
    .toBe(true);
  return path as string;
}

/** axe's serious and critical findings on the page as it is now (the bar of accessibility.spec.ts). */
async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `${what}: serious or critical axe violations`).toEqual([]);
}

/** Asks the server for a new access token with this page's refresh cookie; true when it gives one (the app's next refresh takes the rotated cookie). */
function sessionAlive(page: Page): Promise<boolean> {
  return page.evaluate(async () => (await fetch('/api/v1/auth/refresh', { method: 'POST' })).ok);
}

test('a forgotten password is reset through the emailed link; the old one stops working', async ({
  page,
  server,
}) => {
  const ada = person('Ada');
  await apiSignUp(server.url, ada);

  await page.goto(`${server.url}/signin`);
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await expectAccessible(page, 'forgot password');
  await page.getByLabel('Email').fill(ada.email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('status')).toContainText('If an account has this address');

  await page.goto(`${server.url}${await resetLink(ada.email)}`);
  await page.getByLabel('New password', { exact: true }).fill('a new and long password');
  await page.getByLabel('New password again').fill('a different one entirely');
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await expect(page.getByRole('alert')).toHaveText('The two passwords are not the same.');
  await expectAccessible(page, 'reset password, with an error');
  await page.getByLabel('New password again').fill('a new and long password');
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await expect(page.getByRole('status')).toContainText('Your password is changed');

  // The link is single use: opening it again says so.
  await page.reload();
  await page.getByLabel('New password', { exact: true }).fill('yet another long password');
  await page.getByLabel('New password again').fill('yet another long password');
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await expect(page.getByRole('alert')).toContainText('already used');

  await page.goto(`${server.url}/signin`);
  await page.getByLabel('Email').fill(ada.email);
  await page.getByLabel('Password').fill(ada.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('The email or password is not right.');
  await signIn(page, server.url, { ...ada, password: 'a new and long password' });
  await expect(column(page, 'To Do')).toBeVisible();

  // A confirmation link that is no good says so, in words and to screen readers.
  await page.goto(`${server.url}/verify-email?token=not-a-real-token`);
  await page.getByRole('button', { name: 'Confirm my email' }).click();
  await expect(page.getByRole('alert')).toContainText('This link is not valid');
  await expectAccessible(page, 'verify email, with an error');
});

test('Settings: a new name stays after a reload; a new password signs out the other browser only', async ({
  page,
  server,
  others,
}) => {
  const ada = person('Ada');
  await openBoard(page, server.url, ada.name);
  // The same person on another device, with the board open.
  const laptop = await others.page();
  await signIn(laptop, server.url, ada);
  await expect(column(laptop, 'To Do')).toBeVisible();

  await page.goto(`${server.url}/settings`);
  const account = page.getByRole('region', { name: 'Account' });
  await account.getByLabel('Name').fill('Ada Lovelace');
  await account.getByRole('button', { name: 'Save name' }).click();
  await expect(account.getByRole('status')).toHaveText('Your name is now Ada Lovelace.');
  await page.reload();
  await expect(page.getByRole('region', { name: 'Account' }).getByLabel('Name')).toHaveValue('Ada Lovelace');

  const password = page.getByRole('group', { name: 'Password' });
  await password.getByLabel('Current password').fill('not my password');
  await password.getByLabel('New password').fill('a brand new long password');
  await password.getByRole('button', { name: 'Change password' }).click();
  await expect(password.getByRole('alert')).toHaveText('The current password is not right.');
  await password.getByLabel('Current password').fill(ada.password);
  await password.getByRole('button', { name: 'Change password' }).click();
  await expect(password.getByRole('status')).toContainText('Your other sessions were signed out');
  await expectAccessible(page, 'settings with the account section');

  // The laptop's session ended (its socket closed, its refresh refused); it keeps its local copy.
  const banner = laptop.getByRole('alert').filter({ hasText: 'Sign in again to sync' });
  await expect(banner).toBeVisible();
  expect(await sessionAlive(page)).toBe(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();

  await banner.getByRole('link', { name: 'Sign in again' }).click();
  await signIn(laptop, server.url, { ...ada, password: 'a brand new long password' }, null);
  await expect(column(laptop, 'To Do')).toBeVisible();
});
