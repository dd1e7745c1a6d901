/** Issue 4: a repeat rule set in the task panel previews the next five occurrences and survives a reload. */
import { addTask, openBoard, syncStatus, taskIn } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

test('a repeat rule shows five previewed occurrences, can be paused and skipped, and survives a reload', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', 'Weekly report');
  const open = () =>
    taskIn(page, 'To Do', 'Weekly report').getByRole('button', { name: 'Open Weekly report' }).click();
  await open();
  const dialog = page.getByRole('dialog', { name: 'Task details' });
  const repeat = dialog.getByRole('region', { name: 'Repeat' });
  await expect(repeat.getByRole('status', { name: 'Repeat status' })).toHaveText('Does not repeat');

  // A bad expression is refused with the server's message, and cannot be set.
  await repeat.getByText('Advanced: cron expression').click();
  await repeat.getByLabel('Cron expression').fill('not a cron');
  await expect(repeat.getByRole('alert')).toBeVisible();
  await expect(repeat.getByRole('button', { name: 'Set repeat rule' })).toBeDisabled();

  await repeat.getByLabel('Cron expression').fill('0 9 * * 1');
  await repeat.getByLabel('Repeat time zone').selectOption('Europe/Berlin');
  const occurrences = repeat.getByRole('list', { name: 'Next occurrences' }).getByRole('listitem');
  await expect(occurrences).toHaveCount(5);
  await repeat.getByRole('button', { name: 'Set repeat rule' }).click();
  await expect(repeat.getByRole('status', { name: 'Repeat status' })).toHaveText(
    'Repeats every Monday at 09:00 (Europe/Berlin)',
  );
  await repeat.getByRole('button', { name: 'Skip next occurrence' }).click();
  await expect(occurrences.first()).toContainText('(skipped)');
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');

  // The open task is in the address: the reload reopens its panel.
  await page.reload();
  await expect(dialog).toBeVisible();
  await expect(repeat.getByRole('status', { name: 'Repeat status' })).toHaveText(
    'Repeats every Monday at 09:00 (Europe/Berlin)',
  );
  await expect(repeat.getByLabel('Cron expression')).toHaveValue('0 9 * * 1');
  await expect(repeat.getByLabel('Repeat time zone')).toHaveValue('Europe/Berlin');
  await expect(occurrences).toHaveCount(5);
  await expect(occurrences.first()).toContainText('(skipped)');

  await repeat.getByRole('button', { name: 'Pause' }).click();
  await expect(repeat.getByRole('status', { name: 'Repeat status' })).toHaveText('Paused');
  // The open task is in the address: the reload reopens its panel.
  await page.reload();
  await expect(dialog).toBeVisible();
  await expect(repeat.getByRole('status', { name: 'Repeat status' })).toHaveText('Paused');
});
