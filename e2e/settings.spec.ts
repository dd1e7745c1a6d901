/** Issue 4: the settings page keeps my time zone and email preferences across a reload. */
import { openBoard } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

test('time zone and email preferences are saved and shown again after a reload', async ({ page, server }) => {
  await openBoard(page, server.url, 'Ada');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await page.getByLabel('Time zone').selectOption('America/New_York');
  const comments = page.getByLabel('Comments on tasks I created or watch');
  await comments.selectOption('off');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();

  await page.reload();
  await expect(page.getByLabel('Time zone')).toHaveValue('America/New_York');
  await expect(comments).toHaveValue('off');
});
