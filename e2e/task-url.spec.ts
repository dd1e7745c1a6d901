/**
 * Issue 14, "Act": a URL per open task. Opening a task puts `/w/<ws>/browse/<key>` in the address
 * bar (a new history entry: Back closes the panel and stays in the app); a reload or the same
 * address in another page opens the same panel over the board; a notification's `?task=<id>`
 * link becomes the browse address; a task the server has not numbered yet keeps `?task=<id>`
 * until it has a key; a key that names nothing says so.
 */
import type { Locator, Page } from '@playwright/test';
import { FIRST_PROJECT_ID, readBoard } from '@taskflow/model';
import { apiSignUp, person, signIn } from './fixtures/auth.ts';
import { addTask, column, openBoard, taskIn } from './fixtures/board.ts';
import { connectSeedClient, seedTasks } from './fixtures/seed-client.ts';
import { expect, test } from './fixtures/test.ts';

function panel(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Task details' });
}

async function keyOf(page: Page, columnName: string, title: string): Promise<string> {
  const card = taskIn(page, columnName, title);
  await expect(card).toContainText(/MFP-\d+/);
  return /MFP-\d+/.exec((await card.textContent()) ?? '')?.[0] ?? '';
}

test('an open task has its browse address: reload, another page and Back', async ({ page, server }) => {
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', 'Write the spec');
  await addTask(page, 'In Progress', 'Review the plan');
  const key = await keyOf(page, 'In Progress', 'Review the plan');
  const browse = new RegExp(`/w/default/browse/${key}$`);

  await taskIn(page, 'In Progress', 'Review the plan')
    .getByRole('button', { name: 'Open Review the plan' })
    .click();
  await expect(panel(page).getByLabel('Title')).toHaveValue('Review the plan');
  await expect(page).toHaveURL(browse);

  // A reload opens the same panel, with the board behind it.
  await page.reload();
  await expect(panel(page).getByLabel('Title')).toHaveValue('Review the plan');
  await expect(page).toHaveURL(browse);
  await expect(taskIn(page, 'To Do', 'Write the spec')).toBeAttached();

  // The address pasted into another page of the same person opens the same task.
  const other = await page.context().newPage();
  await other.goto(page.url());
  await expect(panel(other).getByLabel('Title')).toHaveValue('Review the plan');
  await expect(taskIn(other, 'To Do', 'Write the spec')).toBeAttached();
  // Opened directly, closing it leaves the board at its own address.
  await panel(other).getByRole('button', { name: 'Close task details' }).click();
  await expect(panel(other)).toHaveCount(0);
  await expect(other).toHaveURL(/\/w\/default$/);
  await other.close();

  // Opened from the board, Back closes it and stays on the board.
  await panel(page).getByRole('button', { name: 'Close task details' }).click();
  await expect(page).toHaveURL(/\/w\/default$/);
  await taskIn(page, 'To Do', 'Write the spec').getByRole('button', { name: 'Open Write the spec' }).click();
  await expect(panel(page).getByLabel('Title')).toHaveValue('Write the spec');
  await expect(page).toHaveURL(/\/w\/default\/browse\/MFP-\d+$/);
  await page.goBack();
  await expect(panel(page)).toHaveCount(0);
  await expect(page).toHaveURL(/\/w\/default$/);
  await expect(column(page, 'To Do')).toBeVisible();

  // Escape closes it the same way, back to the board's address.
  await taskIn(page, 'To Do', 'Write the spec').getByRole('button', { name: 'Open Write the spec' }).click();
  await expect(panel(page)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(panel(page)).toHaveCount(0);
  await expect(page).toHaveURL(/\/w\/default$/);
});

test('a ?task= link opens the task at its browse address; an unknown key says so', async ({
  page,
  server,
}) => {
  const ada = person('Ada');
  const { token, userId } = await apiSignUp(server.url, ada);
  const seeder = await connectSeedClient(server.url, { token, actorId: userId });
  let taskId = '';
  try {
    await seedTasks(seeder, FIRST_PROJECT_ID, 3);
    taskId =
      readBoard(seeder.doc, FIRST_PROJECT_ID)?.columns[1]?.tasks.find((t) => t.title === 'Task 1')?.id ?? '';
  } finally {
    seeder.destroy();
  }
  expect(taskId).not.toBe('');
  await signIn(page, server.url, ada);
  await expect(column(page, 'To Do')).toBeVisible();

  await page.goto(`${server.url}/w/default?task=${encodeURIComponent(taskId)}`);
  await expect(panel(page).getByLabel('Title')).toHaveValue('Task 1');
  await expect(page).toHaveURL(/\/w\/default\/browse\/MFP-\d+$/);

  await page.goto(`${server.url}/w/default/browse/MFP-999`);
  await expect(page.getByRole('alert')).toContainText('No task MFP-999 here yet');
});

test('a task not numbered yet opens at ?task=, then at its key once the server numbers it', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await page.context().setOffline(true);
  await addTask(page, 'To Do', 'Made offline');
  await taskIn(page, 'To Do', 'Made offline').getByRole('button', { name: 'Open Made offline' }).click();
  await expect(panel(page).getByLabel('Title')).toHaveValue('Made offline');
  await expect(page).toHaveURL(/\/w\/default\?task=/);

  await page.context().setOffline(false);
  await expect(page).toHaveURL(/\/w\/default\/browse\/MFP-\d+$/, { timeout: 20_000 });
  await expect(panel(page).getByLabel('Title')).toHaveValue('Made offline');
});

test('the backlog keeps its open task in its address: a reload reopens it, Back closes it', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', 'Plan the release');
  await page.getByRole('link', { name: 'Backlog' }).click();
  await expect(page).toHaveURL(/\/w\/default\/backlog$/);

  await page.getByRole('button', { name: 'Plan the release', exact: true }).click();
  await expect(panel(page).getByLabel('Title')).toHaveValue('Plan the release');
  await expect(page).toHaveURL(/\/w\/default\/backlog\?task=/);
  await page.reload();
  await expect(panel(page).getByLabel('Title')).toHaveValue('Plan the release');

  // Reloaded into, closing replaces the address; opened from the list, Back closes it.
  await panel(page).getByRole('button', { name: 'Close task details' }).click();
  await expect(panel(page)).toHaveCount(0);
  await expect(page).toHaveURL(/\/w\/default\/backlog$/);
  await page.getByRole('button', { name: 'Plan the release', exact: true }).click();
  await expect(panel(page)).toBeVisible();
  await page.goBack();
  await expect(panel(page)).toHaveCount(0);
  await expect(page).toHaveURL(/\/w\/default\/backlog$/);
  await expect(page.getByRole('button', { name: 'Plan the release', exact: true })).toBeVisible();
});
