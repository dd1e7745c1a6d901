/**
 * Issue 14: deadlines with a time of day, overdue and due-soon marks on cards, and the friendly
 * repeat editor. The browser runs in Berlin with British English, so dates and zones read the same
 * on every machine.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createTask, FIRST_PROJECT_ID } from '@taskflow/model';
import { apiSignUp, person, signIn } from './fixtures/auth.ts';
import { addTask, column, openBoard, syncStatus, taskIn } from './fixtures/board.ts';
import { connectSeedClient } from './fixtures/seed-client.ts';
import { expect, test } from './fixtures/test.ts';

test.use({ timezoneId: 'Europe/Berlin', locale: 'en-GB' });

const H = 3_600_000;

/** Serious and critical axe violations inside `selector` (this feature's parts only). */
async function axeViolations(page: Page, selector: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** `2026-12-03` and `14:05` of an instant in UTC. */
function utcParts(at: number): { day: string; time: string } {
  const iso = new Date(at).toISOString();
  return { day: iso.slice(0, 10), time: iso.slice(11, 16) };
}

test('a deadline with a time of day is set in the panel, shown on the card with its time, and kept over a reload', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', 'Launch');
  await taskIn(page, 'To Do', 'Launch').getByRole('button', { name: 'Open Launch' }).click();
  const panel = page.getByRole('dialog', { name: 'Task details' });
  await panel.getByLabel('Deadline', { exact: true }).fill('2030-05-20');
  await panel.getByLabel('Deadline', { exact: true }).press('Enter');
  const card = taskIn(page, 'To Do', 'Launch');
  await expect(card).toContainText('due 2030-05-20');
  await expect(card).not.toContainText('14:30');

  const time = panel.getByLabel('Time of day');
  await time.fill('14:30');
  await time.press('Enter');
  // Meant in the person's own zone, which the panel says next to the time.
  await expect(time).toHaveAccessibleDescription('Europe/Berlin');
  await expect(card.locator('time')).toHaveText('due 2030-05-20 14:30');
  await expect(card.locator('time')).toHaveAttribute('datetime', '2030-05-20T12:30:00.000Z');
  await expect(card).not.toContainText(/Overdue|Due soon/);
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');

  await page.reload();
  await expect(taskIn(page, 'To Do', 'Launch').locator('time')).toHaveText('due 2030-05-20 14:30');
  await expect(panel.getByLabel('Time of day')).toHaveValue('14:30');

  // Clearing the time makes it a day-only deadline again.
  await panel.getByLabel('Time of day').fill('');
  await panel.getByLabel('Time of day').press('Enter');
  await expect(taskIn(page, 'To Do', 'Launch').locator('time')).toHaveText('due 2030-05-20');
});

test('cards due within a day say "Due soon", past ones "Overdue", others neither', async ({
  page,
  server,
}) => {
  const ada = person('Ada');
  const { token, userId } = await apiSignUp(server.url, ada);
  const seeder = await connectSeedClient(server.url, { token, actorId: userId });
  const now = Date.now();
  const soon = utcParts(now + H);
  const late = utcParts(now - 2 * H);
  try {
    const task = (title: string, deadline: string, deadlineTime: string | null = null) =>
      createTask(seeder.doc, seeder.editor, { projectId: FIRST_PROJECT_ID, title, deadline, deadlineTime });
    task('In an hour', soon.day, `${soon.time} UTC`);
    task('Two hours ago', late.day, `${late.time} UTC`);
    task('Last week', utcParts(now - 7 * 24 * H).day);
    task('Next month', utcParts(now + 30 * 24 * H).day);
    await seeder.acked();
  } finally {
    seeder.destroy();
  }
  await signIn(page, server.url, ada);
  await expect(column(page, 'To Do')).toBeVisible();

  const inAnHour = taskIn(page, 'To Do', 'In an hour');
  await expect(inAnHour.locator('.card-due-flag')).toHaveText('Due soon');
  // Its zone is not the viewer's: the card says which it is.
  await expect(inAnHour.locator('time')).toContainText(`${soon.time} UTC`);
  await expect(taskIn(page, 'To Do', 'Two hours ago').locator('.card-due-flag')).toHaveText('Overdue');
  await expect(taskIn(page, 'To Do', 'Last week').locator('.card-due-flag')).toHaveText('Overdue');
  await expect(taskIn(page, 'To Do', 'Next month')).toContainText('due ');
  await expect(taskIn(page, 'To Do', 'Next month').locator('.card-due-flag')).toHaveCount(0);
  // Marked in words and in colours that differ from a plain deadline's.
  const colours = await Promise.all(
    ['In an hour', 'Two hours ago', 'Next month'].map((title) =>
      taskIn(page, 'To Do', title)
        .locator('.deadline')
        .evaluate((el) => getComputedStyle(el).backgroundColor),
    ),
  );
  expect(new Set(colours).size).toBe(3);
  expect(await axeViolations(page, '.card-due')).toEqual([]);
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await axeViolations(page, '.card-due')).toEqual([]);
});

test('the repeat editor writes "every weekday at 9:00" as a cron rule in a zone, lists its next weekdays, and keeps it over a reload', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', 'Stand-up notes');
  await taskIn(page, 'To Do', 'Stand-up notes').getByRole('button', { name: 'Open Stand-up notes' }).click();
  const panel = page.getByRole('dialog', { name: 'Task details' });
  const repeat = panel.getByRole('region', { name: 'Repeat' });
  const status = repeat.getByRole('status', { name: 'Repeat status' });
  await expect(status).toHaveText('Does not repeat');

  await repeat
    .getByLabel('Repeats', { exact: true })
    .selectOption({ label: 'Every weekday (Monday to Friday)' });
  await repeat.getByLabel('Repeat time zone').selectOption('America/New_York');
  await expect(repeat.getByLabel('At', { exact: true })).toHaveValue('09:00');
  // The rule's zone is written next to its time.
  await expect(repeat.getByLabel('At', { exact: true })).toHaveAccessibleDescription('America/New_York');
  const occurrences = repeat.getByRole('list', { name: 'Next occurrences, in America/New_York' });
  await expect(occurrences.getByRole('listitem')).toHaveCount(5);
  await repeat.getByRole('button', { name: 'Set repeat rule' }).click();
  await expect(status).toHaveText('Repeats every weekday at 09:00 (America/New_York)');
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');

  await page.reload();
  await expect(panel).toBeVisible();
  await expect(status).toHaveText('Repeats every weekday at 09:00 (America/New_York)');
  await expect(repeat.getByLabel('Repeats', { exact: true })).toHaveValue('weekdays');
  await expect(repeat.getByLabel('Cron expression')).toHaveValue('0 9 * * 1-5');
  await expect(occurrences.getByRole('listitem')).toHaveCount(5);
  // Each previewed occurrence is a weekday at 09:00 in New York (each item's machine-readable instant).
  const instants = await occurrences
    .locator('time')
    .evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
  const local = instants.map((iso) =>
    new Date(iso ?? '').toLocaleString('en-US', {
      timeZone: 'America/New_York',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }),
  );
  expect(local).toHaveLength(5);
  for (const when of local) expect(when).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 09:00$/);

  // Weekly on chosen days: a checkbox per day, and the rule follows them.
  await repeat.getByLabel('Repeats', { exact: true }).selectOption({ label: 'Weekly on chosen days' });
  await repeat.getByRole('checkbox', { name: 'Wed' }).check();
  await expect(repeat.getByLabel('Cron expression')).toHaveValue('0 9 * * 1,3');
  expect(await axeViolations(page, '.repeat')).toEqual([]);
  expect(await axeViolations(page, '.deadline-field')).toEqual([]);

  // A rule no preset reads stays as typed, in the advanced cron field.
  await repeat.getByText('Advanced: cron expression').click();
  await repeat.getByLabel('Cron expression').fill('*/15 9-17 * * *');
  await expect(repeat.getByLabel('Repeats', { exact: true })).toHaveValue('custom');
  await expect(repeat.getByLabel('At', { exact: true })).toHaveCount(0);
});
