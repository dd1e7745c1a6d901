/**
 * Issue 4, must-show 6: Ada assigns a task to Bea; Bea's unread count rises in real time in her
 * own browser context (pushed over the sync connection), in both of her tabs; marking it read in
 * one tab updates the other. The list stays readable offline from its cache.
 */
import { addTask, openBoard, syncStatus, taskIn } from './fixtures/board.ts';
import { pickerField } from './fixtures/pickers.ts';
import { expect, test } from './fixtures/test.ts';

/** Live delivery crosses two browser contexts, the server and its push: allow a slow CI machine. */
const LIVE = { timeout: 20_000 };

// Ada owns the built-in workspace; its board is open on `page` in every test here.
test.beforeEach(async ({ page, server }) => openBoard(page, server.url, 'Ada'));

test('an assignment reaches the assignee live in every tab, and reading it in one tab clears the other', async ({
  others,
  page,
  server,
}) => {
  const bea = await others.member('Ada', 'Bea');
  const beaContext = bea.context();
  const beaTab2 = await beaContext.newPage();
  await beaTab2.goto(`${server.url}/`);
  const bell = bea.getByRole('button', { name: /^Notifications, \d+ unread$/ });
  const bell2 = beaTab2.getByRole('button', { name: /^Notifications, \d+ unread$/ });
  await expect(bell).toHaveAccessibleName('Notifications, 0 unread', LIVE);
  await expect(bell2).toHaveAccessibleName('Notifications, 0 unread', LIVE);

  await addTask(page, 'To Do', 'Review the contract');
  await taskIn(page, 'To Do', 'Review the contract')
    .getByRole('button', { name: 'Open Review the contract' })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Task details' });
  // Bea's name reaches Ada's copy of the document once Bea opened the board.
  await pickerField(dialog, 'Assignee').click();
  const assignee = page.getByRole('dialog', { name: 'Assignee', exact: true });
  await expect(assignee.getByRole('option', { name: 'Bea', exact: true })).toBeVisible(LIVE);
  await assignee.getByRole('option', { name: 'Bea', exact: true }).click();
  await expect(dialog.getByRole('button', { name: 'Assignee Bea' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close task details' }).click();
  await expect(dialog).toBeHidden();

  // Real time: neither of Bea's tabs reloads or opens anything.
  await expect(bell).toHaveAccessibleName('Notifications, 1 unread', LIVE);
  await expect(bell2).toHaveAccessibleName('Notifications, 1 unread', LIVE);

  await bell.click();
  const panel = bea.getByRole('region', { name: 'Notifications' });
  await expect(panel.getByRole('listitem')).toHaveCount(1);
  await expect(panel).toContainText('Review the contract');
  await panel.getByRole('button', { name: /^Mark “.*” read$/ }).click();
  await expect(bell).toHaveAccessibleName('Notifications, 0 unread');
  await expect(bell2).toHaveAccessibleName('Notifications, 0 unread', LIVE);

  // The notification leads to its task.
  await panel.getByRole('button', { name: /Review the contract/ }).click();
  const beaDialog = bea.getByRole('dialog', { name: 'Task details' });
  await expect(beaDialog.getByLabel('Title')).toHaveValue('Review the contract');
  await beaDialog.getByRole('button', { name: 'Close task details' }).click();
  await expect(beaDialog).toBeHidden();

  // Readable offline: the last page is cached for this person.
  await beaContext.setOffline(true);
  await beaTab2.reload();
  await beaTab2.getByRole('button', { name: /^Notifications, \d+ unread$/ }).click();
  await expect(beaTab2.getByRole('region', { name: 'Notifications' })).toContainText('Review the contract');
});

test('watching a task someone else created brings their comments to my bell', async ({ others, page }) => {
  const bea = await others.member('Ada', 'Bea');
  await addTask(page, 'To Do', 'Plan the offsite');
  await taskIn(bea, 'To Do', 'Plan the offsite')
    .getByRole('button', { name: 'Open Plan the offsite' })
    .click();
  const beaDialog = bea.getByRole('dialog', { name: 'Task details' });
  const watch = beaDialog.getByRole('button', { name: /^Watch/ });
  await expect(watch).toHaveText('Watch (0)');
  await watch.click();
  await expect(watch).toHaveAttribute('aria-pressed', 'true');
  await expect(watch).toHaveText('Watching (1)');
  await beaDialog.getByRole('button', { name: 'Close task details' }).click();

  await page.getByRole('button', { name: 'Open Plan the offsite' }).click();
  const dialog = page.getByRole('dialog', { name: 'Task details' });
  // Ada sees Bea watching before she comments, so the comment is stored after the watch.
  await expect(dialog.getByRole('button', { name: /^Watch/ })).toHaveText('Watch (1)', LIVE);
  const comments = dialog.getByRole('region', { name: 'Comments' });
  await comments.getByLabel('New comment').fill('Friday works');
  await comments.getByRole('button', { name: 'Comment', exact: true }).click();

  const bell = bea.getByRole('button', { name: /^Notifications, \d+ unread$/ });
  await expect(bell).toHaveAccessibleName('Notifications, 1 unread', LIVE);
  await bell.click();
  await expect(bea.getByRole('region', { name: 'Notifications' })).toContainText('Plan the offsite');
});

test('a page load asks for the unread count once, not once per render of the bell', async ({ page }) => {
  const asked: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/notifications/unread-count')) asked.push(r.url());
  });
  await page.reload();
  const bell = page.getByRole('button', { name: /^Notifications, \d+ unread$/ });
  await expect(bell).toBeVisible();
  // The board settles (sync connects, names arrive) while we wait for any stray request.
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server', LIVE);
  await page.waitForLoadState('networkidle');
  // One from the bell; a second may come from the token refresh at start. Each render made one before.
  expect(asked.length).toBeLessThanOrEqual(2);
});
