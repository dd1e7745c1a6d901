/**
 * Must show 4: two tabs of one browser stay live with each other, through the server and, with
 * the server stopped, through the tabs' own relay. Each edit is checked again after a reload.
 */
import {
  addTask,
  column,
  dragTask,
  openBoard,
  syncStatus,
  taskIn,
  waitForServiceWorker,
} from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

const WITHIN_A_SECOND = { timeout: 1_000 };

test('a task created and moved in one tab shows in the other within a second, server up and down', async ({
  context,
  server,
}) => {
  const tabA = await context.newPage();
  await openBoard(tabA, server.url, 'Ada');
  const tabB = await context.newPage();
  await openBoard(tabB, server.url);
  await expect(syncStatus(tabB)).toHaveAccessibleName('Sync status: Saved on the server');

  // Server running.
  await addTask(tabA, 'To Do', 'Online task');
  await expect(taskIn(tabB, 'To Do', 'Online task')).toBeVisible(WITHIN_A_SECOND);
  await dragTask(tabA, 'Online task', 'In Progress');
  await expect(taskIn(tabB, 'In Progress', 'Online task')).toBeVisible(WITHIN_A_SECOND);

  // Server stopped: the tabs still see each other.
  await waitForServiceWorker(tabA);
  await server.stop();
  await expect(syncStatus(tabA)).toHaveAccessibleName(/Sync status: Offline/);
  await addTask(tabA, 'To Do', 'Offline task');
  await expect(taskIn(tabB, 'To Do', 'Offline task')).toBeVisible(WITHIN_A_SECOND);
  await dragTask(tabA, 'Offline task', 'Done');
  await expect(taskIn(tabB, 'Done', 'Offline task')).toBeVisible(WITHIN_A_SECOND);
  // And the other way round.
  await dragTask(tabB, 'Online task', 'Done');
  await expect(taskIn(tabA, 'Done', 'Online task')).toBeVisible(WITHIN_A_SECOND);
  await expect(syncStatus(tabA)).toHaveAccessibleName(/changes? waiting/);

  // Everything survives a reload of both tabs while the server is still down.
  for (const tab of [tabA, tabB]) {
    await tab.reload();
    await expect(taskIn(tab, 'Done', 'Offline task')).toBeVisible();
    await expect(taskIn(tab, 'Done', 'Online task')).toBeVisible();
    await expect(column(tab, 'In Progress').getByRole('article')).toHaveCount(0);
  }

  // Back online, the waiting changes reach the server.
  await server.start();
  await expect(syncStatus(tabA)).toHaveAccessibleName('Sync status: Saved on the server', {
    timeout: 15_000,
  });
});
