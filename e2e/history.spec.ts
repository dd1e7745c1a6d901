/**
 * Issue 10, must-show 5 (history in the browser): the task panel's History follows another
 * person's edits live; the Activity page filters by person and kind and leads to the task; the
 * board "as of" a moment is read-only and shows that moment; a restore says how much it changes
 * first, then the live board (and a reload) shows the restored state.
 */
import type { Page } from '@playwright/test';
import { addTask, anyTask, column, dragTask, openBoard, syncStatus, taskIn } from './fixtures/board.ts';
import { pick } from './fixtures/pickers.ts';
import { expect, test } from './fixtures/test.ts';

/** Crosses two browser contexts, the server's history projection and a debounced refetch. */
const LIVE = { timeout: 20_000 };

test.beforeEach(async ({ page, server }) => openBoard(page, server.url, 'Ada'));

async function saved(page: Page): Promise<void> {
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server', LIVE);
}

async function openTask(page: Page, title: string) {
  await anyTask(page, title)
    .getByRole('button', { name: `Open ${title}` })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Task details' });
  await expect(dialog.getByLabel('Title')).toHaveValue(title);
  return dialog;
}

/** The page's clock as the text a datetime-local input holds (Chromium's own spelling, to the ms). */
async function localInputText(page: Page, at: number): Promise<string> {
  return page.evaluate((instant) => {
    const input = document.createElement('input');
    input.type = 'datetime-local';
    input.step = '0.001';
    // valueAsNumber reads the wall-clock fields as if they were UTC: shift by the local offset.
    input.valueAsNumber = instant - new Date(instant).getTimezoneOffset() * 60_000;
    return input.value;
  }, at);
}

test('the History tab lists a task’s changes and follows another person’s edits live', async ({
  others,
  page,
}) => {
  await addTask(page, 'To Do', 'Write the brief');
  const bea = await others.member('Ada', 'Bea');

  const dialog = await openTask(page, 'Write the brief');
  await dialog.getByRole('tab', { name: 'History' }).click();
  const history = dialog.getByRole('region', { name: 'History' });
  await expect(history).toContainText('Ada created the task', LIVE);

  // Bea edits in her own browser; Ada's open panel is not reloaded or touched.
  const beaDialog = await openTask(bea, 'Write the brief');
  await pick(beaDialog, 'Priority', 'High');
  await beaDialog.getByRole('button', { name: 'Close task details' }).click();
  await expect(beaDialog).toBeHidden();
  await expect(history).toContainText('Bea changed priority from medium to high', LIVE);

  await dragTask(bea, 'Write the brief', 'In Progress');
  await expect(history).toContainText('Bea moved from To Do to In Progress', LIVE);

  // Oldest first: creation, then the edit, then the move.
  const text = (await history.textContent()) ?? '';
  const order = ['created the task', 'changed priority', 'moved from'].map((s) => text.indexOf(s));
  expect(order.every((at) => at >= 0)).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
});

test('the Activity page filters by person and by kind, and an entry opens its task', async ({
  others,
  page,
  server,
}) => {
  await addTask(page, 'To Do', 'Ada’s task');
  const bea = await others.member('Ada', 'Bea');
  await addTask(bea, 'To Do', 'Bea’s task');
  const beaDialog = await openTask(bea, 'Bea’s task');
  const comments = beaDialog.getByRole('region', { name: 'Comments' });
  await comments.getByLabel('New comment').fill('Starting on it');
  await comments.getByRole('button', { name: 'Comment', exact: true }).click();
  await saved(bea);

  await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Activity' }).click();
  await expect(page).toHaveURL(`${server.url}/w/default/activity`);
  const entries = page.locator('ol[aria-label="Activity entries"] > li');
  await expect(entries.filter({ hasText: 'Bea commented' })).toHaveCount(1, LIVE);
  await expect(entries.filter({ hasText: /^Ada created the task · Ada’s task/ })).toHaveCount(1);

  await page.getByLabel('Person').selectOption({ label: 'Bea' });
  await expect(entries.filter({ hasText: /^Ada / })).toHaveCount(0);
  await expect(entries.filter({ hasText: 'Bea created the task · Bea’s task' })).toHaveCount(1);
  expect(await entries.count()).toBeGreaterThanOrEqual(2);

  await page.getByLabel('Kind').selectOption({ label: 'Comments' });
  await expect(entries.filter({ hasText: 'created the task' })).toHaveCount(0);
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toContainText('Bea commented');
  // The comment's text is not part of the activity.
  await expect(entries.first()).not.toContainText('Starting on it');

  await entries.first().getByRole('link', { name: 'Bea’s task' }).click();
  await expect(page.getByRole('dialog', { name: 'Task details' }).getByLabel('Title')).toHaveValue(
    'Bea’s task',
  );
});

test('the board as of a moment is read-only and shows that moment; a restore counts first, then applies', async ({
  page,
}) => {
  await addTask(page, 'To Do', 'Alpha');
  await addTask(page, 'To Do', 'Beta');
  await saved(page);
  // Everything above is on the server (acknowledged) before this instant; everything below after it.
  const moment = await page.evaluate(() => Date.now());

  const alpha = await openTask(page, 'Alpha');
  await alpha.getByLabel('Title').fill('Alpha renamed');
  await alpha.getByRole('button', { name: 'Close task details' }).click();
  await dragTask(page, 'Beta', 'In Progress');
  await addTask(page, 'Done', 'Gamma');
  await saved(page);

  await page.getByRole('button', { name: 'View as of…' }).click();
  await page.getByLabel('View the board as of').fill(await localInputText(page, moment));
  await page.getByRole('button', { name: 'View', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Viewing the board as of' })).toBeVisible();

  // The past: old title, old column, no task created later.
  const past = page.getByRole('region', { name: /^Board as of / });
  await expect(taskIn(page, 'To Do', 'Alpha')).toBeVisible(LIVE);
  await expect(taskIn(page, 'To Do', 'Beta')).toBeVisible();
  await expect(anyTask(page, 'Alpha renamed')).toHaveCount(0);
  await expect(anyTask(page, 'Gamma')).toHaveCount(0);
  await expect(column(page, 'In Progress').getByRole('article')).toHaveCount(0);

  // Read-only: nothing to type into, drag or add, on the board or in a task opened from it.
  await expect(past.getByRole('textbox')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Move / })).toHaveCount(0);
  await expect(page.getByLabel(/^New task in /)).toHaveCount(0);
  await expect(page.getByRole('button', { name: /column/i })).toHaveCount(0);
  await past.getByRole('button', { name: 'Open Alpha as it was' }).click();
  const pastTask = page.getByRole('dialog', { name: /^Alpha as of / });
  await expect(pastTask).toContainText('To Do');
  await expect(pastTask.getByRole('textbox')).toHaveCount(0);
  await expect(pastTask.getByRole('combobox')).toHaveCount(0);
  await pastTask.getByRole('button', { name: 'Close' }).click();

  // Restore the project: the confirmation says how much changes before anything does.
  await page.getByRole('button', { name: 'Restore to this moment' }).click();
  const confirm = page.getByRole('dialog', { name: 'Restore to this moment' });
  await expect(confirm).toContainText(/Restore \d+ items to how they were at .*\? This is a new change/);
  const count = Number((/Restore (\d+) items/.exec((await confirm.textContent()) ?? '') ?? [])[1]);
  // Alpha's title, Beta's column, and Gamma, which did not exist then.
  expect(count).toBe(3);
  await confirm.getByRole('button', { name: `Restore ${count} items` }).click();

  // Back to the live board, which now holds the restored state, also after a reload.
  await expect(page.getByText('Viewing the board as of')).toHaveCount(0);
  await expect(taskIn(page, 'To Do', 'Alpha')).toBeVisible(LIVE);
  await expect(taskIn(page, 'To Do', 'Beta')).toBeVisible(LIVE);
  await expect(anyTask(page, 'Alpha renamed')).toHaveCount(0);
  await expect(anyTask(page, 'Gamma')).toHaveCount(0);
  await saved(page);
  await page.reload();
  await expect(taskIn(page, 'To Do', 'Alpha')).toBeVisible();
  await expect(taskIn(page, 'To Do', 'Beta')).toBeVisible();
  await expect(anyTask(page, 'Gamma')).toHaveCount(0);
  // The live board is editable again.
  await expect(page.getByLabel('New task in To Do')).toBeVisible();
});

test('a member restores one task to a moment, but not the project', async ({ others, page }) => {
  await addTask(page, 'To Do', 'Draft');
  await saved(page);
  const bea = await others.member('Ada', 'Bea');
  await expect(taskIn(bea, 'To Do', 'Draft')).toBeVisible(LIVE);
  const moment = await bea.evaluate(() => Date.now());

  const draft = await openTask(bea, 'Draft');
  await draft.getByLabel('Title').fill('Draft v2');
  await draft.getByRole('button', { name: 'Close task details' }).click();
  await saved(bea);

  await bea.getByRole('button', { name: 'View as of…' }).click();
  await bea.getByLabel('View the board as of').fill(await localInputText(bea, moment));
  await bea.getByRole('button', { name: 'View', exact: true }).click();
  await expect(taskIn(bea, 'To Do', 'Draft')).toBeVisible(LIVE);
  await expect(bea.getByRole('button', { name: 'Restore to this moment' })).toHaveCount(0);

  await bea.getByRole('button', { name: 'Open Draft as it was' }).click();
  await bea.getByRole('button', { name: 'Restore this task to this moment' }).click();
  const confirm = bea.getByRole('dialog', { name: 'Restore to this moment' });
  await expect(confirm).toContainText('Restore 1 item to how it was at');
  await confirm.getByRole('button', { name: 'Restore 1 item' }).click();

  await expect(taskIn(bea, 'To Do', 'Draft')).toBeVisible(LIVE);
  await expect(bea.getByLabel('New task in To Do')).toBeVisible();
  await expect(taskIn(page, 'To Do', 'Draft')).toBeVisible(LIVE);
  await expect(anyTask(page, 'Draft v2')).toHaveCount(0);
});
