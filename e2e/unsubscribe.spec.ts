/**
 * Issue 4: an email's unsubscribe link. Without SMTP the server writes mail to
 * DATA_DIR/outbox-mail.jsonl; the welcome email there carries the link. Opening it signed out
 * changes nothing until the person confirms; then Settings shows that kind off.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { apiSignUp, person, signIn } from './fixtures/auth.ts';
import { expect, test } from './fixtures/test.ts';

async function unsubscribeLink(dataDir: string, email: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const text = await readFile(join(dataDir, 'outbox-mail.jsonl'), 'utf8').catch(() => '');
    // Lines are JSON; links sit in the message text, where = may be escaped as \u003d.
    const line = text.split('\n').find((l) => l.includes(email) && l.includes('Welcome to Taskflow'));
    const link =
      line && /(https?:\/\/[^\s"\\]+\/unsubscribe\?token=[^\s"\\]+)/.exec(line.replace(/=\r?\n/g, ''));
    if (link?.[1]) return new URL(link[1]).pathname + new URL(link[1]).search;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('no welcome email with an unsubscribe link was written');
}

test('an unsubscribe link asks first, then turns that email off', async ({ page, server }) => {
  const ada = person('Ada');
  await apiSignUp(server.url, ada);
  const link = await unsubscribeLink(server.dataDir, ada.email);

  await page.goto(`${server.url}${link}`);
  await expect(page.getByText('Stop getting system alerts by email?')).toBeVisible();
  await page.getByRole('button', { name: 'Unsubscribe' }).click();
  await expect(page.getByRole('status')).toContainText('You will no longer get system alerts by email.');

  await signIn(page, server.url, ada);
  await page.goto(`${server.url}/settings`);
  await expect(page.getByLabel('System alerts')).toHaveValue('off');
});
