/**
 * Issue 4: the workspace's reminder settings on the members page survive a reload; a member sees
 * them read-only; the owner sees the workspace's failed emails (none here).
 */
import { openBoard } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

test('the owner changes the reminder settings and they are kept; a member sees them read-only', async ({
  others,
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await page.getByRole('link', { name: 'Members' }).click();
  const reminders = page.getByRole('region', { name: 'Reminders' });
  const lead = reminders.getByLabel('Reminder lead time (hours)');
  const zone = reminders.getByLabel('Default time zone');
  await expect(lead).toBeEnabled();
  await lead.fill('2');
  await zone.selectOption('Europe/Berlin');
  await reminders.getByRole('button', { name: 'Save reminder settings' }).click();
  await expect(reminders.getByRole('status')).toHaveText('Reminder settings saved.');

  const failed = page.getByRole('region', { name: 'Email delivery problems' });
  await expect(failed).toContainText('No failed emails.');

  await page.reload();
  await expect(lead).toHaveValue('2');
  await expect(zone).toHaveValue('Europe/Berlin');

  const bea = await others.member('Ada', 'Bea');
  await bea.getByRole('link', { name: 'Members' }).click();
  const beaReminders = bea.getByRole('region', { name: 'Reminders' });
  await expect(beaReminders.getByLabel('Reminder lead time (hours)')).toHaveValue('2');
  await expect(beaReminders.getByLabel('Reminder lead time (hours)')).toBeDisabled();
  await expect(beaReminders.getByLabel('Escalate after (hours)')).toBeDisabled();
  await expect(beaReminders.getByLabel('Default time zone')).toBeDisabled();
  await expect(beaReminders.getByLabel('Default time zone')).toHaveValue('Europe/Berlin');
  await expect(beaReminders.getByRole('button', { name: 'Save reminder settings' })).toHaveCount(0);
  await expect(bea.getByRole('region', { name: 'Email delivery problems' })).toHaveCount(0);
});
