/**
 * Issue 11, must-show 4 (the sprint part): a Scrum project's sprint planned from the backlog by
 * mouse and by keyboard, started, worked on the board, completed with its open tasks moved to the
 * next sprint; task keys open tasks by address, and a renamed project key keeps old addresses
 * working. Also, with the server down: a provisional key that turns final live; two concurrent
 * sprint starts ending as SPEC M22 says, shown to both people; planning offline kept over a reload
 * and synced, with final keys, to a second person.
 */
import type { Locator, Page } from '@playwright/test';
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
import { expect, test } from './fixtures/test.ts';

function announcements(page: Page): Locator {
  return page.locator('[id^="DndLiveRegion"]');
}

/**
 * Picks a task up by its handle with the keyboard. dnd-kit ignores arrows until it has measured
 * the dragged row, which is when it draws the row under the pointer (the overlay).
 */
async function pickUp(page: Page, title: string): Promise<void> {
  // The last drop's row is still drawn while it animates into place.
  await expect(page.locator('.dragging-overlay')).toHaveCount(0);
  await page.getByRole('button', { name: `Move ${title}` }).focus();
  await page.keyboard.press('Space');
  await expect(page.locator('.dragging-overlay')).toBeVisible();
}

function list(page: Page, name: string): Locator {
  return page.getByRole('region', { name, exact: true });
}

function planned(page: Page, listName: string, title: string): Locator {
  return list(page, listName).getByRole('article', { name: title, exact: true });
}

async function titlesInList(page: Page, listName: string): Promise<string[]> {
  return list(page, listName)
    .getByRole('article')
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
}

async function openSettings(page: Page) {
  await page.getByRole('button', { name: 'Project settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Project settings' });
  await expect(dialog).toBeVisible();
  return dialog;
}

async function addToBacklog(page: Page, title: string): Promise<void> {
  const input = page.getByLabel('New task in the backlog');
  await input.fill(title);
  await input.press('Enter');
  await expect(planned(page, 'Backlog', title)).toBeVisible();
}

async function setEstimate(page: Page, title: string, points: number): Promise<void> {
  await page.getByRole('button', { name: title, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Task details' });
  await dialog.getByRole('spinbutton', { name: 'Estimate', exact: true }).fill(String(points));
  await dialog.getByRole('button', { name: 'Close task details' }).click();
  await expect(dialog).toBeHidden();
}

async function createSprint(page: Page, name: string, goal: string): Promise<void> {
  await page.getByRole('button', { name: 'Create sprint' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create sprint' });
  await dialog.getByLabel('Sprint name').fill(name);
  await dialog.getByLabel('Sprint goal').fill(goal);
  await dialog.getByLabel('Start date').fill('2026-12-07');
  await dialog.getByLabel('End date').fill('2026-12-18');
  await dialog.getByRole('button', { name: 'Create sprint' }).click();
  await expect(dialog).toBeHidden();
  await expect(list(page, name)).toBeVisible();
}

/** Drags a row with the mouse onto a list's drop zone at its end (the whole list when empty). */
async function dragToList(page: Page, title: string, listName: string): Promise<void> {
  const source = await anyTask(page, title).boundingBox();
  const zone = await list(page, listName).locator('.plan-drop-end').boundingBox();
  if (!source || !zone) throw new Error('drag: element not on screen');
  await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
  await page.mouse.down();
  // Past the 6 px activation distance first, then over the target in steps so dnd-kit sees moves.
  await page.mouse.move(source.x + source.width / 2 + 10, source.y + source.height / 2 - 10, { steps: 3 });
  const x = zone.x + zone.width / 2;
  const y = zone.y + zone.height / 2;
  await page.mouse.move(x, y, { steps: 12 });
  await page.mouse.move(x, y + 1, { steps: 2 });
  await page.mouse.up();
}

/** The key a row shows once the server has numbered its task. */
async function finalKey(page: Page, title: string): Promise<string> {
  const key = anyTask(page, title).locator('[data-key-final]');
  await expect(key).toHaveAttribute('data-key-final', 'true');
  return (await key.textContent()) ?? '';
}

test('a sprint is planned by mouse and keyboard, started, worked and completed into the next sprint', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  const boardUrl = page.url();

  // Kanban is the default; Scrum turns the board into the active sprint's board.
  const settings = await openSettings(page);
  await settings.getByLabel('Board type').selectOption('scrum');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings).toBeHidden();
  await expect(page.getByText('No sprint is active.')).toBeVisible();
  await expect(column(page, 'To Do')).toHaveCount(0);

  await page.getByRole('link', { name: 'Plan and start a sprint in the backlog' }).click();
  await expect(page).toHaveURL(/\/backlog$/);
  await expect(page.getByRole('link', { name: 'Backlog' })).toHaveAttribute('aria-current', 'page');
  for (const title of ['Alpha', 'Beta', 'Gamma', 'Delta']) await addToBacklog(page, title);
  await setEstimate(page, 'Alpha', 3);
  await setEstimate(page, 'Beta', 5);
  await expect(list(page, 'Backlog').locator('.plan-sum')).toHaveText('8 pt');

  await createSprint(page, 'Sprint 1', 'Ship the login');
  await createSprint(page, 'Sprint 2', 'Polish');
  await expect(list(page, 'Sprint 1')).toContainText('Ship the login');
  await expect(list(page, 'Sprint 1')).toContainText('Planned');
  await list(page, 'Sprint 2').getByRole('button', { name: 'Edit Sprint 2' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Sprint 2' });
  await edit.getByLabel('Sprint goal').fill('Polish the login');
  await edit.getByRole('button', { name: 'Save sprint' }).click();
  await expect(list(page, 'Sprint 2')).toContainText('Polish the login');

  // By mouse: Alpha from the backlog into the empty Sprint 1.
  await dragToList(page, 'Alpha', 'Sprint 1');
  await expect(planned(page, 'Sprint 1', 'Alpha')).toBeVisible();
  await expect.poll(() => titlesInList(page, 'Backlog')).toEqual(['Beta', 'Gamma', 'Delta']);

  // By keyboard: Beta's handle, space, up past the empty Sprint 2 to the end of Sprint 1, space.
  const betaKey = await finalKey(page, 'Beta');
  await pickUp(page, 'Beta');
  await expect(announcements(page)).toHaveText(`Picked up task ${betaKey} Beta from Backlog.`);
  await page.keyboard.press('ArrowUp');
  await expect(announcements(page)).toHaveText(`Task ${betaKey} Beta is over the end of Sprint 2.`);
  await page.keyboard.press('ArrowUp');
  await expect(announcements(page)).toHaveText(`Task ${betaKey} Beta is over the end of Sprint 1.`);
  await page.keyboard.press('Space');
  await expect(announcements(page)).toHaveText(`Task ${betaKey} Beta was dropped at the end of Sprint 1.`);
  await expect.poll(() => titlesInList(page, 'Sprint 1')).toEqual(['Alpha', 'Beta']);
  await expect(list(page, 'Sprint 1').locator('.plan-sum')).toHaveText('8 pt');
  await expect(list(page, 'Backlog').locator('.plan-sum')).toHaveText('0 pt');

  // Reordering within a list by keyboard too: Delta above Gamma.
  await pickUp(page, 'Delta');
  await expect(announcements(page)).toHaveText(/Picked up task .* Delta from Backlog\./);
  await page.keyboard.press('ArrowUp');
  await expect(announcements(page)).toHaveText(/Delta is over position 1 in Backlog\./);
  await page.keyboard.press('Space');
  await expect.poll(() => titlesInList(page, 'Backlog')).toEqual(['Delta', 'Gamma']);

  // Multi-select: Gamma to Sprint 2 and back to the backlog.
  await list(page, 'Backlog')
    .getByRole('checkbox', { name: /Gamma$/ })
    .check();
  const selection = page.getByRole('toolbar', { name: 'Selected tasks' });
  await selection.getByLabel('Move selected tasks to').selectOption({ label: 'Sprint 2' });
  await selection.getByRole('button', { name: 'Move 1 task' }).click();
  await expect(planned(page, 'Sprint 2', 'Gamma')).toBeVisible();
  await expect(selection).toBeHidden();

  await list(page, 'Sprint 1').getByRole('button', { name: 'Start sprint' }).click();
  await expect(list(page, 'Sprint 1')).toContainText('Active');
  // One sprint at a time: the model's refusal is shown.
  await list(page, 'Sprint 2').getByRole('button', { name: 'Start sprint' }).click();
  await expect(page.getByRole('alert')).toContainText('Sprint Sprint 1 is active; complete it first.');

  // The board shows only the sprint's tasks; Alpha is worked to Done.
  await page.getByRole('link', { name: 'Board' }).click();
  await expect(page.getByRole('region', { name: 'Active sprint' })).toContainText('Sprint 1');
  await expect(taskIn(page, 'To Do', 'Alpha')).toBeVisible();
  await expect(taskIn(page, 'To Do', 'Beta')).toBeVisible();
  await expect(anyTask(page, 'Gamma')).toHaveCount(0);
  await expect(anyTask(page, 'Delta')).toHaveCount(0);
  await dragTask(page, 'Alpha', 'Done');
  // A task added on a Scrum board joins the active sprint, so it stays on the board.
  await addTask(page, 'To Do', 'Epsilon');

  await page
    .getByRole('region', { name: 'Active sprint' })
    .getByRole('button', { name: 'Complete sprint' })
    .click();
  const complete = page.getByRole('dialog', { name: 'Complete Sprint 1' });
  await expect(complete).toContainText('1 task is done and 2 tasks are open.');
  await complete.getByLabel('Move open tasks to').selectOption({ label: 'Sprint 2' });
  await complete.getByRole('button', { name: 'Complete sprint' }).click();
  await expect(complete.getByRole('status')).toHaveText('1 completed, 2 open moved to Sprint 2.');
  await complete.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByText('No sprint is active.')).toBeVisible();

  // The open task is in the next sprint, after a reload too; the done one left the plan.
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');
  await page.goto(`${boardUrl}/backlog`);
  await expect(list(page, 'Sprint 1')).toHaveCount(0);
  await expect
    .poll(async () => (await titlesInList(page, 'Sprint 2')).sort())
    .toEqual(['Beta', 'Epsilon', 'Gamma']);
  await expect.poll(() => titlesInList(page, 'Backlog')).toEqual(['Delta']);
  await expect(anyTask(page, 'Alpha')).toHaveCount(0);
});

test('a key in the address opens its task, and old keys keep working after a rename', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  const boardUrl = page.url();
  const input = column(page, 'To Do').getByLabel('New task in To Do');
  for (const title of ['First', 'Second']) {
    await input.fill(title);
    await input.press('Enter');
  }
  const key = await finalKey(page, 'Second');
  expect(key).toMatch(/^MFP-\d+$/);

  // The board's search matches keys.
  await page.getByLabel('Search tasks by title or key').fill(key.toLowerCase());
  await expect(anyTask(page, 'Second')).toBeVisible();
  await expect(anyTask(page, 'First')).toHaveCount(0);
  await page.getByLabel('Search tasks by title or key').fill('');

  await page.goto(`${boardUrl}/browse/${key}`);
  const details = page.getByRole('dialog', { name: 'Task details' });
  await expect(details.getByLabel('Title')).toHaveValue('Second');
  await expect(details.locator('.detail-key')).toHaveText(key);
  await details.getByRole('button', { name: 'Close task details' }).click();

  // A key another project holds is refused, with the reason.
  await page.getByRole('button', { name: 'New project' }).click();
  await page.getByLabel('Project name').fill('Other');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('combobox', { name: 'Project' }).selectOption({ label: 'My first project' });
  const settings = await openSettings(page);
  await settings.getByLabel('Key').fill('other');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings.getByRole('alert')).toHaveText('The key OTHER is already used by project Other.');
  await settings.getByLabel('Key').fill('WEB');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings).toBeHidden();
  const renamed = key.replace('MFP', 'WEB');
  await expect(anyTask(page, 'Second').locator('[data-key-final]')).toHaveText(renamed);
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');

  for (const address of [key, renamed]) {
    await page.goto(`${boardUrl}/browse/${address}`);
    const opened = page.getByRole('dialog', { name: 'Task details' });
    await expect(opened.getByLabel('Title')).toHaveValue('Second');
    await expect(opened.locator('.detail-key')).toHaveText(renamed);
  }

  await page.goto(`${boardUrl}/browse/WEB-999`);
  await expect(page.getByRole('heading', { name: 'No task WEB-999 here yet' })).toBeVisible();

  // A Kanban project runs no sprints: starting one is refused with the model's reason.
  await page.goto(`${boardUrl}/backlog`);
  await createSprint(page, 'Sprint 1', 'Not yet');
  await list(page, 'Sprint 1').getByRole('button', { name: 'Start sprint' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'Sprints start only in Scrum projects; switch the project to Scrum first.',
  );
  await expect(list(page, 'Sprint 1')).toContainText('Planned');
});

test('a task made with the server down shows a provisional key that turns final when it syncs', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');
  await server.stop();
  await expect(syncStatus(page)).toHaveAccessibleName(/Sync status: Offline/);
  const input = column(page, 'To Do').getByLabel('New task in To Do');
  await input.fill('Made offline');
  await input.press('Enter');
  const key = anyTask(page, 'Made offline').locator('[data-key-final]');
  await expect(key).toHaveAttribute('data-key-final', 'false');
  await expect(key).toHaveAttribute('title', 'provisional until the server sees this task');
  await expect(key).toHaveText(/^MFP-·/);

  await server.start();
  await expect(key).toHaveAttribute('data-key-final', 'true', { timeout: 20_000 });
  await expect(key).toHaveText(/^MFP-\d+$/);
  await expect(key).not.toHaveAttribute('title');
});

test('two people start two sprints with the server down: the earlier start wins and the other says so', async ({
  others,
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  // Bea joins while the board still shows columns (a Scrum board with no sprint shows none).
  const bea = await others.member('Ada', 'Bea');
  const settings = await openSettings(page);
  await settings.getByLabel('Board type').selectOption('scrum');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await page.getByRole('link', { name: 'Backlog', exact: true }).click();
  await addToBacklog(page, 'Alpha');
  await createSprint(page, 'Sprint A', 'First');
  await createSprint(page, 'Sprint B', 'Second');
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');

  await bea.getByRole('link', { name: 'Backlog', exact: true }).click();
  await expect(list(bea, 'Sprint B')).toBeVisible();
  await expect(syncStatus(bea)).toHaveAccessibleName('Sync status: Saved on the server');

  await server.stop();
  await expect(syncStatus(page)).toHaveAccessibleName(/Sync status: Offline/);
  await expect(syncStatus(bea)).toHaveAccessibleName(/Sync status: Offline/);
  await list(page, 'Sprint A').getByRole('button', { name: 'Start sprint' }).click();
  await expect(list(page, 'Sprint A')).toContainText('Active');
  await list(bea, 'Sprint B').getByRole('button', { name: 'Start sprint' }).click();
  await expect(list(bea, 'Sprint B')).toContainText('Active');

  await server.start();
  for (const p of [page, bea]) {
    await expect(syncStatus(p)).toHaveAccessibleName('Sync status: Saved on the server', { timeout: 20_000 });
    await expect(list(p, 'Sprint A')).toContainText('Active');
    await expect(list(p, 'Sprint B')).toContainText('Planned');
    await expect(list(p, 'Sprint B').getByRole('note')).toContainText(
      'This sprint was started at the same time as Sprint A',
    );
  }

  // Completing the winner clears the lost start: Sprint B waits as a plain planned sprint.
  await list(page, 'Sprint A').getByRole('button', { name: 'Complete sprint' }).click();
  const complete = page.getByRole('dialog', { name: 'Complete Sprint A' });
  await complete.getByRole('button', { name: 'Complete sprint' }).click();
  await expect(complete.getByRole('status')).toHaveText('0 completed, 0 open moved to the backlog.');
  await complete.getByRole('button', { name: 'Close' }).click();
  await expect(list(bea, 'Sprint A')).toHaveCount(0);
  await expect(list(bea, 'Sprint B').getByRole('note')).toHaveCount(0);
  await expect(list(bea, 'Sprint B')).toContainText('Planned');
});

test('planning with the server down: provisional keys, planned into a sprint, kept over a reload, final once synced', async ({
  others,
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  const bea = await others.member('Ada', 'Bea');
  const settings = await openSettings(page);
  await settings.getByLabel('Board type').selectOption('scrum');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await page.getByRole('link', { name: 'Backlog', exact: true }).click();
  await createSprint(page, 'Sprint 1', 'Offline');
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');
  await waitForServiceWorker(page);

  await server.stop();
  await expect(syncStatus(page)).toHaveAccessibleName(/Sync status: Offline/);
  for (const title of ['Offline one', 'Offline two', 'Offline three']) await addToBacklog(page, title);
  const keyOf = (p: Page, title: string) => anyTask(p, title).locator('[data-key-final]');
  await expect(keyOf(page, 'Offline one')).toHaveAttribute('data-key-final', 'false');
  await expect(keyOf(page, 'Offline one')).toHaveAttribute(
    'title',
    'provisional until the server sees this task',
  );
  await dragToList(page, 'Offline one', 'Sprint 1');
  await expect(planned(page, 'Sprint 1', 'Offline one')).toBeVisible();
  await list(page, 'Backlog')
    .getByRole('checkbox', { name: /Offline two$/ })
    .check();
  const selection = page.getByRole('toolbar', { name: 'Selected tasks' });
  await selection.getByLabel('Move selected tasks to').selectOption({ label: 'Sprint 1' });
  await selection.getByRole('button', { name: 'Move 1 task' }).click();
  // Seen before the reload, as a person would: y-indexeddb stores an edit a moment after it is made.
  await expect(planned(page, 'Sprint 1', 'Offline two')).toBeVisible();

  const reload = await page.reload();
  expect(reload?.fromServiceWorker()).toBe(true);
  await expect.poll(() => titlesInList(page, 'Sprint 1')).toEqual(['Offline one', 'Offline two']);
  await expect.poll(() => titlesInList(page, 'Backlog')).toEqual(['Offline three']);
  await expect(keyOf(page, 'Offline two')).toHaveAttribute('data-key-final', 'false');

  await server.start();
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server', {
    timeout: 20_000,
  });
  const keys: string[] = [];
  for (const title of ['Offline one', 'Offline two', 'Offline three']) {
    await expect(keyOf(page, title)).toHaveAttribute('data-key-final', 'true');
    keys.push((await keyOf(page, title).textContent()) ?? '');
  }
  expect(new Set(keys).size).toBe(3);
  for (const key of keys) expect(key).toMatch(/^MFP-\d+$/);

  // Bea, who saw none of it, gets the same plan and the same final keys.
  await bea.getByRole('link', { name: 'Backlog', exact: true }).click();
  await expect.poll(() => titlesInList(bea, 'Sprint 1')).toEqual(['Offline one', 'Offline two']);
  await expect.poll(() => titlesInList(bea, 'Backlog')).toEqual(['Offline three']);
  await expect(keyOf(bea, 'Offline one')).toHaveText(keys[0] ?? '');
  await expect(keyOf(bea, 'Offline three')).toHaveText(keys[2] ?? '');
});
