/**
 * Issue 14: delete (not only archive) tasks and projects, with confirmation; archive and restore
 * projects in the UI, and rename them. Deleted work leaves every view for everyone, and one Undo brings it back.
 */
import type { Page } from '@playwright/test';
import { addTask, anyTask, openBoard, syncStatus, taskIn } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

const undoButton = (page: Page) => page.getByRole('button', { name: 'Undo', exact: true });
const projectSelect = (page: Page) => page.getByRole('combobox', { name: 'Project', exact: true });

async function projectNames(page: Page): Promise<string[]> {
  return projectSelect(page)
    .locator('option')
    .evaluateAll((els) => els.map((e) => e.textContent ?? ''));
}

test('a task is deleted after a confirmation, for everyone and from search; one Undo brings it back', async ({
  page,
  others,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', 'Doomed task');
  await addTask(page, 'To Do', 'Kept task');
  const bea = await others.member('Ada', 'Bea');
  await expect(taskIn(bea, 'To Do', 'Doomed task')).toBeVisible();

  await taskIn(page, 'To Do', 'Doomed task').getByRole('button', { name: 'Open Doomed task' }).click();
  const panel = page.getByRole('dialog', { name: 'Task details' });
  await panel.getByRole('button', { name: 'Delete task' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete ‘Doomed task’?' });
  await expect(confirm).toContainText('leaves the board, backlog, lists, search and reports for everyone');
  // Focus starts on Cancel: a stray Enter deletes nothing.
  await page.keyboard.press('Enter');
  await expect(confirm).toBeHidden();
  await expect(taskIn(page, 'To Do', 'Doomed task')).toBeVisible();

  await panel.getByRole('button', { name: 'Delete task' }).click();
  await confirm.getByRole('button', { name: 'Delete task' }).click();
  await expect(panel).toBeHidden();
  for (const p of [page, bea]) await expect(anyTask(p, 'Doomed task')).toHaveCount(0);
  await expect(taskIn(bea, 'To Do', 'Kept task')).toBeVisible();
  // Not in the archive either, nor in search.
  await page.getByRole('button', { name: 'Show archived' }).click();
  await expect(page.getByRole('region', { name: 'Archived' })).not.toContainText('Doomed task');
  await page.keyboard.press('Control+k');
  await page.keyboard.type('Doomed');
  await expect(page.getByRole('dialog', { name: 'Command palette' })).not.toContainText('Doomed task');
  await page.keyboard.press('Escape');

  await expect(undoButton(page)).toHaveAttribute('title', /^Undo delete of “Doomed task”/);
  await undoButton(page).click();
  for (const p of [page, bea]) await expect(taskIn(p, 'To Do', 'Doomed task')).toBeVisible();
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');
  await page.reload();
  await expect(taskIn(page, 'To Do', 'Doomed task')).toBeVisible();
});

test('a project is archived and restored, and deleted by an admin who types its key; a member is not offered delete', async ({
  page,
  others,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await page.getByRole('button', { name: 'New project' }).click();
  await page.getByLabel('Project name').fill('Launch');
  await page.getByRole('button', { name: 'Create project' }).click();
  await addTask(page, 'To Do', 'Launch task');
  const first = (await projectNames(page)).find((n) => n !== 'Launch') ?? '';

  // Archive: gone from the switcher, kept; restored from "Archived projects".
  await page.getByRole('button', { name: 'Project settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Project settings' });
  await settings.getByRole('button', { name: 'Archive project' }).click();
  await page
    .getByRole('dialog', { name: 'Archive Launch?' })
    .getByRole('button', { name: 'Archive project' })
    .click();
  await expect.poll(() => projectNames(page)).toEqual([first]);
  await page.getByRole('button', { name: 'Archived projects (1)' }).click();
  await page.getByRole('button', { name: 'Restore Launch' }).click();
  await expect.poll(() => projectNames(page)).toEqual([first, 'Launch']);
  await expect(projectSelect(page)).toHaveValue(/.+/);
  await projectSelect(page).selectOption({ label: 'Launch' });
  await expect(taskIn(page, 'To Do', 'Launch task')).toBeVisible();

  // A member may archive but is not offered delete.
  const bea = await others.member('Ada', 'Bea');
  await projectSelect(bea).selectOption({ label: 'Launch' });
  await bea.getByRole('button', { name: 'Project settings' }).click();
  const beaSettings = bea.getByRole('dialog', { name: 'Project settings' });
  await expect(beaSettings.getByRole('button', { name: 'Archive project' })).toBeVisible();
  await expect(beaSettings.getByRole('button', { name: 'Delete project' })).toHaveCount(0);
  await beaSettings.getByRole('button', { name: 'Cancel' }).click();

  // Delete: the key must be typed first.
  await page.getByRole('button', { name: 'Project settings' }).click();
  await settings.getByRole('button', { name: 'Delete project' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete Launch?' });
  const key = (await confirm.locator('label span').textContent())?.match(/key, (\w+),/)?.[1] ?? '';
  await expect(confirm.getByRole('button', { name: 'Delete project' })).toBeDisabled();
  await confirm.getByLabel(/Type the project key/).fill(key.toLowerCase());
  await confirm.getByRole('button', { name: 'Delete project' }).click();
  for (const p of [page, bea]) await expect.poll(() => projectNames(p)).toEqual([first]);
  await expect(page.getByRole('button', { name: /Archived projects/ })).toHaveCount(0);
  await expect(undoButton(page)).toHaveAttribute('title', /^Undo delete of project “Launch”/);
  await undoButton(page).click();
  for (const p of [page, bea]) await expect.poll(() => projectNames(p)).toEqual([first, 'Launch']);

  // Rename: the new name in everyone's switcher, and kept over a reload.
  await projectSelect(page).selectOption({ label: 'Launch' });
  await page.getByRole('button', { name: 'Project settings' }).click();
  await settings.getByLabel('Project name').fill('Launch week');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings).toBeHidden();
  for (const p of [page, bea]) await expect.poll(() => projectNames(p)).toEqual([first, 'Launch week']);
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');
  await page.reload();
  await expect.poll(() => projectNames(page)).toEqual([first, 'Launch week']);
});
