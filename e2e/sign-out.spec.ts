/**
 * Signing out on a shared computer removes the person's data from the device: their IndexedDB
 * databases and everything cached about them. Changes the server does not have yet are announced
 * first, with a way back.
 */
import type { Page } from '@playwright/test';
import { person, signIn } from './fixtures/auth.ts';
import { addTask, column, openBoard, syncStatus, taskIn } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

/** Names of this origin's IndexedDB databases and localStorage keys that mention the user. */
async function localTraces(page: Page, userId: string): Promise<string[]> {
  return page.evaluate(async (id) => {
    const dbs = (await indexedDB.databases()).map((d) => d.name ?? '');
    const keys = Object.keys(localStorage);
    const session = localStorage.getItem('taskflow:session') ?? '';
    return [...dbs, ...keys, ...(session.includes(id) ? ['taskflow:session'] : [])].filter((n) =>
      n.includes(id),
    );
  }, userId);
}

async function currentUserId(page: Page): Promise<string> {
  const id = await page.evaluate(() => JSON.parse(localStorage.getItem('taskflow:session') ?? '{}').user?.id);
  if (typeof id !== 'string') throw new Error('no cached session');
  return id;
}

test('sign out warns about changes not on the server, then wipes this person’s local data', async ({
  context,
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', 'On the server');
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');
  const userId = await currentUserId(page);
  expect(await localTraces(page, userId)).toContain(`taskflow:${userId}:default`);

  await context.setOffline(true);
  await expect(syncStatus(page)).toHaveAccessibleName(/Sync status: Offline/);
  await addTask(page, 'To Do', 'Only on this device');

  await page.getByRole('button', { name: 'Sign out' }).click();
  const warning = page.getByRole('dialog', { name: 'Sign out?' });
  await expect(warning).toContainText(/\d+ changes? (is|are) not on the server yet and will be lost/);
  await warning.getByRole('button', { name: 'Cancel' }).click();
  await expect(warning).toBeHidden();
  await expect(taskIn(page, 'To Do', 'Only on this device')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await warning.getByRole('button', { name: 'Sign out and lose them' }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await expect.poll(() => localTraces(page, userId)).toEqual([]);

  // Signing in again starts from what the server has: the unsent task is gone, as announced.
  await context.setOffline(false);
  await signIn(page, server.url, person('Ada'));
  await expect(taskIn(page, 'To Do', 'On the server')).toBeVisible();
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');
  await expect(taskIn(page, 'To Do', 'Only on this device')).toHaveCount(0);

  // With nothing pending there is no warning; the data goes all the same, and so does the session.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await expect.poll(() => localTraces(page, userId)).toEqual([]);
  await page.goto(`${server.url}/w/default`);
  await expect(page).toHaveURL(/\/signin\?next=%2Fw%2Fdefault$/);
  await expect(column(page, 'To Do')).toHaveCount(0);
});
