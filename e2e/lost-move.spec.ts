/**
 * Must show 6: two people move the same task to different columns while one of them is offline.
 * After reconnecting both see one column (the later move wins), the person whose move lost is
 * told who moved it where, and one click puts it back where they put it, for both.
 */
import { addTask, dragTask, openBoard, syncStatus, taskIn } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

test('a move lost to a concurrent one is announced and re-applied with one click', async ({
  others,
  server,
}) => {
  const ann = await others.page();
  await openBoard(ann, server.url, 'Ann');
  const bea = await others.member('Ann', 'Bea');
  await addTask(ann, 'To Do', 'Contested');
  await expect(taskIn(bea, 'To Do', 'Contested')).toBeVisible();
  await expect(syncStatus(bea)).toHaveAccessibleName('Sync status: Saved on the server');

  await bea.context().setOffline(true);
  await expect(syncStatus(bea)).toHaveAccessibleName(/Sync status: Offline/);
  await dragTask(bea, 'Contested', 'Done');
  // Ann moves it later, online: hers is the later move and wins.
  await dragTask(ann, 'Contested', 'In Progress');
  await expect(syncStatus(ann)).toHaveAccessibleName('Sync status: Saved on the server');
  await expect(taskIn(bea, 'Done', 'Contested')).toBeVisible();

  await bea.context().setOffline(false);
  await expect(taskIn(bea, 'In Progress', 'Contested')).toBeVisible({ timeout: 15_000 });
  await expect(taskIn(ann, 'In Progress', 'Contested')).toBeVisible();
  const notice = bea.getByRole('alert').filter({ hasText: 'Contested' });
  await expect(notice).toHaveText(/Ann moved ‘Contested’ to In Progress; your move to Done lost\./);
  await expect(ann.getByRole('alert')).toHaveCount(0);

  await notice.getByRole('button', { name: 'Put it back where I put it' }).click();
  await expect(notice).toHaveCount(0);
  await expect(taskIn(bea, 'Done', 'Contested')).toBeVisible();
  await expect(taskIn(ann, 'Done', 'Contested')).toBeVisible();
  await expect(ann.getByRole('alert')).toHaveCount(0);
  await expect(syncStatus(bea)).toHaveAccessibleName('Sync status: Saved on the server');

  for (const page of [ann, bea]) {
    await page.reload();
    await expect(taskIn(page, 'Done', 'Contested')).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
  }
});

test('a lost move can be dismissed and stays dismissed after a reload', async ({ others, server }) => {
  const ann = await others.page();
  await openBoard(ann, server.url, 'Ann');
  const bea = await others.member('Ann', 'Bea');
  await addTask(bea, 'To Do', 'Shared');
  await expect(taskIn(ann, 'To Do', 'Shared')).toBeVisible();

  await ann.context().setOffline(true);
  await expect(syncStatus(ann)).toHaveAccessibleName(/Sync status: Offline/);
  await dragTask(ann, 'Shared', 'In Progress');
  await dragTask(bea, 'Shared', 'Done');
  await ann.context().setOffline(false);

  const notice = ann.getByRole('alert').filter({ hasText: 'Shared' });
  await expect(notice).toHaveText(/Bea moved ‘Shared’ to Done; your move to In Progress lost\./, {
    timeout: 15_000,
  });
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
  await ann.reload();
  await expect(taskIn(ann, 'Done', 'Shared')).toBeVisible();
  await expect(ann.getByRole('alert')).toHaveCount(0);
});
