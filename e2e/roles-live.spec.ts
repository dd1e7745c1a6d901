/**
 * Access changes reach an open board: a member downgraded to viewer turns view-only, and a removed
 * member is told they no longer have access (the server closes their socket; the provider
 * re-authenticates with what is left).
 */
import { person } from './fixtures/auth.ts';
import { addTask, openBoard, taskIn } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

const LIVE = { timeout: 8_000 };

test('a downgrade to viewer and a removal take effect on an open board', async ({ others, page, server }) => {
  await openBoard(page, server.url, 'Ada');
  const bea = await others.member('Ada', 'Bea');
  await addTask(bea, 'To Do', 'Made by Bea');
  await expect(taskIn(page, 'To Do', 'Made by Bea')).toBeVisible();

  await page.getByRole('link', { name: 'Members' }).click();
  const role = page.getByRole('combobox', { name: `Role of ${person('Bea').name}` });
  await role.selectOption('viewer');
  await expect(role).toHaveValue('viewer');
  await expect(bea.getByText('View only', { exact: true })).toBeVisible(LIVE);
  await expect(bea.getByLabel('New task in To Do')).toHaveCount(0);
  await expect(bea.getByRole('button', { name: 'Move Made by Bea' })).toHaveCount(0);

  // Back to member: editing comes back.
  await role.selectOption('member');
  await expect(bea.getByLabel('New task in To Do')).toBeVisible(LIVE);
  await expect(bea.getByText('View only', { exact: true })).toHaveCount(0);

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Remove Bea' }).click();
  await expect(page.getByRole('row', { name: 'Bea' })).toHaveCount(0);
  await expect(bea.getByRole('heading', { name: 'You no longer have access to this workspace' })).toBeVisible(
    LIVE,
  );
  await expect(bea.getByRole('region', { name: 'To Do' })).toHaveCount(0);
});
