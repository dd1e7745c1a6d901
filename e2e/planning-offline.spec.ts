/**
 * Issue 11, must-show 5: planning offline. With her browser offline, Ada creates tasks (their keys
 * are shown provisional), creates a sprint and plans tasks into it, logs time and starts her timer,
 * reloads (the service worker serves the app, IndexedDB the document), and reconnects: the keys
 * turn final, and Bea, online all along, sees the tasks, the sprint's membership and the worklogs
 * with the same keys.
 */
import type { Locator, Page } from '@playwright/test';
import { anyTask, openBoard, syncStatus, waitForServiceWorker } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

const SYNCED = { timeout: 20_000 };

function list(page: Page, name: string): Locator {
  return page.getByRole('region', { name, exact: true });
}

async function titlesInList(page: Page, listName: string): Promise<string[]> {
  return list(page, listName)
    .getByRole('article')
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
}

function keyOf(page: Page, title: string): Locator {
  return anyTask(page, title).locator('[data-key-final]');
}

async function openTask(page: Page, title: string): Promise<Locator> {
  await anyTask(page, title).getByRole('button', { name: title, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Task details' });
  await expect(dialog.getByLabel('Title')).toHaveValue(title);
  return dialog.getByRole('region', { name: 'Time tracking' });
}

async function closeTask(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Close task details' }).click();
  await expect(page.getByRole('dialog', { name: 'Task details' })).toBeHidden();
}

function figure(section: Locator, name: 'Time spent' | 'Time remaining'): Locator {
  return section.getByRole('status', { name, exact: true });
}

const TITLES = ['Offline one', 'Offline two', 'Offline three'] as const;

test('tasks created, planned into a sprint and logged offline survive a reload and reach a second person with final keys', async ({
  others,
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  const backlogUrl = `${page.url()}/backlog`;
  // Bea joins while the board still has columns (a Scrum board without a sprint has none).
  const bea = await others.member('Ada', 'Bea');
  await page.getByRole('button', { name: 'Project settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Project settings' });
  await settings.getByLabel('Board type').selectOption('scrum');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings).toBeHidden();
  await page.goto(backlogUrl);
  await expect(list(page, 'Backlog')).toBeVisible();
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server', SYNCED);
  await waitForServiceWorker(page);

  await bea.goto(backlogUrl);
  await expect(list(bea, 'Backlog')).toBeVisible();

  await page.context().setOffline(true);
  await expect(syncStatus(page)).toHaveAccessibleName(/Sync status: Offline/);

  // Tasks made offline are usable at once, with provisional keys.
  for (const title of TITLES) {
    const input = page.getByLabel('New task in the backlog');
    await input.fill(title);
    await input.press('Enter');
    await expect(anyTask(page, title)).toBeVisible();
    await expect(keyOf(page, title)).toHaveAttribute('data-key-final', 'false');
    await expect(keyOf(page, title)).toHaveText(/^MFP-·/);
  }

  // A sprint made offline, and two of the tasks planned into it.
  await page.getByRole('button', { name: 'Create sprint' }).click();
  const create = page.getByRole('dialog', { name: 'Create sprint' });
  await create.getByLabel('Sprint name').fill('Offline sprint');
  await create.getByLabel('Sprint goal').fill('Planned on a plane');
  await create.getByRole('button', { name: 'Create sprint' }).click();
  await expect(create).toBeHidden();
  await expect(list(page, 'Offline sprint')).toBeVisible();
  for (const title of ['Offline one', 'Offline two']) {
    await list(page, 'Backlog')
      .getByRole('checkbox', { name: new RegExp(`${title}$`) })
      .check();
  }
  const selection = page.getByRole('toolbar', { name: 'Selected tasks' });
  await selection.getByLabel('Move selected tasks to').selectOption({ label: 'Offline sprint' });
  await selection.getByRole('button', { name: 'Move 2 tasks' }).click();
  await expect.poll(() => titlesInList(page, 'Offline sprint')).toEqual(['Offline one', 'Offline two']);
  await expect.poll(() => titlesInList(page, 'Backlog')).toEqual(['Offline three']);

  // Time: an estimate and a worklog on one task, the timer started on another.
  let section = await openTask(page, 'Offline one');
  const estimates = section.getByRole('form', { name: 'Time estimates' });
  await estimates.getByLabel('Original estimate').fill('3h');
  await estimates.getByRole('button', { name: 'Save estimates' }).click();
  const logForm = section.getByRole('form', { name: 'Log time' });
  await logForm.getByLabel('Time spent').fill('1h 15m');
  await logForm.getByLabel('Note').fill('Logged offline');
  await logForm.getByRole('button', { name: 'Log time' }).click();
  await expect(figure(section, 'Time spent')).toHaveText('1h 15m');
  await expect(figure(section, 'Time remaining')).toHaveText('1h 45m');
  await closeTask(page);
  section = await openTask(page, 'Offline two');
  await section.getByRole('button', { name: 'Start timer' }).click();
  await closeTask(page);
  const timer = page.getByRole('region', { name: 'Running timer' });
  await expect(timer.getByRole('link')).toHaveAttribute('data-key-final', 'false');
  await expect(syncStatus(page)).toHaveAccessibleName(/Sync status: Offline · \d+ changes waiting/);

  // Nothing has reached Bea.
  await expect(anyTask(bea, 'Offline one')).toHaveCount(0);
  await expect(list(bea, 'Offline sprint')).toHaveCount(0);

  // Reloaded offline: the page comes from the service worker, everything from IndexedDB.
  const reload = await page.reload();
  expect(reload?.fromServiceWorker()).toBe(true);
  await expect.poll(() => titlesInList(page, 'Offline sprint')).toEqual(['Offline one', 'Offline two']);
  await expect.poll(() => titlesInList(page, 'Backlog')).toEqual(['Offline three']);
  for (const title of TITLES) await expect(keyOf(page, title)).toHaveAttribute('data-key-final', 'false');
  await expect(timer).toBeVisible();
  section = await openTask(page, 'Offline one');
  await expect(figure(section, 'Time spent')).toHaveText('1h 15m');
  await expect(section.getByRole('listitem', { name: 'Worklog by Ada' })).toContainText('Logged offline');
  await closeTask(page);
  await expect(syncStatus(page)).toHaveAccessibleName(/changes waiting/);

  // Back online: the server numbers the tasks, and the keys turn final (the timer's too).
  await page.context().setOffline(false);
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server', SYNCED);
  const keys: Record<string, string> = {};
  for (const title of TITLES) {
    await expect(keyOf(page, title)).toHaveAttribute('data-key-final', 'true', SYNCED);
    keys[title] = (await keyOf(page, title).textContent()) ?? '';
    expect(keys[title]).toMatch(/^MFP-\d+$/);
  }
  expect(new Set(Object.values(keys)).size).toBe(3);
  await expect(timer.getByRole('link')).toHaveAttribute('data-key-final', 'true');
  await expect(timer.getByRole('link')).toHaveText(keys['Offline two'] ?? '');

  // The timer, still running, is stopped online: its time is a worklog too.
  await expect.poll(async () => (await timer.getByRole('timer').textContent()) ?? '').not.toBe('00:00:00');
  await timer.getByRole('button', { name: 'Stop' }).click();
  await expect(timer).toBeHidden();
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server', SYNCED);

  // Bea, online all along, sees the tasks with the same keys, the sprint's tasks and the worklogs.
  await expect
    .poll(() => titlesInList(bea, 'Offline sprint'), SYNCED)
    .toEqual(['Offline one', 'Offline two']);
  await expect.poll(() => titlesInList(bea, 'Backlog')).toEqual(['Offline three']);
  await expect(list(bea, 'Offline sprint')).toContainText('Planned on a plane');
  for (const title of TITLES) {
    await expect(keyOf(bea, title)).toHaveAttribute('data-key-final', 'true');
    await expect(keyOf(bea, title)).toHaveText(keys[title] ?? '');
  }
  section = await openTask(bea, 'Offline one');
  const adasLog = section.getByRole('listitem', { name: 'Worklog by Ada' });
  await expect(adasLog).toContainText('Ada logged 1h 15m');
  await expect(adasLog).toContainText('Logged offline');
  await expect(figure(section, 'Time remaining')).toHaveText('1h 45m');
  await expect(section.getByLabel('Original estimate')).toHaveValue('3h');
  await closeTask(bea);
  section = await openTask(bea, 'Offline two');
  await expect(section.getByRole('listitem', { name: 'Worklog by Ada' })).toContainText(/Ada logged \d+s/);
  await closeTask(bea);
  // Bea sees no running timer of hers: the timer is Ada's alone.
  await expect(bea.getByRole('region', { name: 'Running timer' })).toHaveCount(0);

  // And after a reload Bea's browser has it all from its own copy and the server.
  await bea.reload();
  await expect.poll(() => titlesInList(bea, 'Offline sprint')).toEqual(['Offline one', 'Offline two']);
  for (const title of TITLES) await expect(keyOf(bea, title)).toHaveText(keys[title] ?? '');
});
