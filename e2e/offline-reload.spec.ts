/**
 * Must show 5: with the server stopped, a person creates, edits and drags tasks, reloads (the
 * service worker serves the app, IndexedDB the board), and once the server is back another
 * browser, which never saw the page before, shows all of it.
 */
import {
  addTask,
  anyTask,
  column,
  dragTask,
  openBoard,
  syncStatus,
  taskIn,
  waitForServiceWorker,
} from './fixtures/board.ts';
import { addLabels, pick } from './fixtures/pickers.ts';
import { expect, test } from './fixtures/test.ts';

test('work done with the server down survives a reload and reaches a second browser', async ({
  others,
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', 'Made online');
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');
  await waitForServiceWorker(page);

  await server.stop();
  await expect(syncStatus(page)).toHaveAccessibleName(/Sync status: Offline/);
  await addTask(page, 'To Do', 'Made offline');
  await addTask(page, 'To Do', 'Also offline');
  await page.getByRole('button', { name: 'Open Made offline' }).click();
  const dialog = page.getByRole('dialog', { name: 'Task details' });
  await dialog.getByLabel('Description').fill('Written with the server down.');
  await pick(dialog, 'Priority', 'Highest');
  await addLabels(dialog, ['offline']);
  await dialog.getByRole('button', { name: 'Close task details' }).click();
  await dragTask(page, 'Made offline', 'In Progress');
  await dragTask(page, 'Made online', 'Done');
  await expect(syncStatus(page)).toHaveAccessibleName(/Sync status: Offline · \d+ changes waiting/);

  const check = async (p: typeof page) => {
    await expect(
      taskIn(p, 'In Progress', 'Made offline').getByRole('img', { name: 'Priority: Highest' }),
    ).toBeVisible();
    await expect(taskIn(p, 'In Progress', 'Made offline')).toContainText('offline');
    await expect(taskIn(p, 'To Do', 'Also offline')).toBeVisible();
    await expect(taskIn(p, 'Done', 'Made online')).toBeVisible();
    await expect(column(p, 'To Do').getByRole('article')).toHaveCount(1);
    await p.getByRole('button', { name: 'Open Made offline' }).click();
    const details = p.getByRole('dialog', { name: 'Task details' });
    await expect(details.getByLabel('Description')).toHaveText('Written with the server down.');
    await details.getByRole('button', { name: 'Close task details' }).click();
  };

  // The server is still down: the page itself comes from the service worker.
  const reload = await page.reload();
  expect(reload?.fromServiceWorker()).toBe(true);
  await check(page);
  await expect(syncStatus(page)).toHaveAccessibleName(/changes waiting/);

  await server.start();
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server', {
    timeout: 15_000,
  });

  const page2 = await others.member('Ada', 'Bea');
  await check(page2);
  await expect(anyTask(page2, 'Made offline')).toHaveCount(1);
});
