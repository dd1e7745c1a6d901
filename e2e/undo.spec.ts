/**
 * Issue 10, undo / redo: Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z (and Ctrl+Y) and the Undo/Redo buttons undo
 * and redo my own last changes — a move, an edit, an archive, a create — each as a new change that
 * syncs like any other. Another person's concurrent edit survives my undo, and their later change
 * of the same field is not overwritten; my undo is never theirs to make.
 */
import type { Locator, Page } from '@playwright/test';
import { apiAddMember, person, signIn } from './fixtures/auth.ts';
import { addTask, anyTask, column, dragTask, openBoard, syncStatus, taskIn } from './fixtures/board.ts';
import { pick } from './fixtures/pickers.ts';
import { expect, test } from './fixtures/test.ts';

const undoButton = (page: Page) => page.getByRole('button', { name: 'Undo', exact: true });
const redoButton = (page: Page) => page.getByRole('button', { name: 'Redo', exact: true });
const undoStatus = (page: Page) => page.getByRole('status', { name: 'Undo status' });

/** Keyboard shortcuts act on the board only when no text field has the focus. */
async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/** A board change shows after the next animation frame (use-doc-query.ts); wait past two. */
async function renderedFrames(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
  );
}

async function openTask(page: Page, title: string): Promise<Locator> {
  await anyTask(page, title)
    .getByRole('button', { name: `Open ${title}` })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Task details' });
  await expect(dialog).toBeVisible();
  return dialog;
}

async function saved(page: Page): Promise<void> {
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');
}

test('undo and redo of my move, edit, archive and create, with the keys and the buttons', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await expect(undoButton(page)).toBeDisabled();
  await addTask(page, 'To Do', 'Plan');
  await expect(undoButton(page)).toHaveAttribute('title', /^Undo creation of “Plan”/);

  // A move: undone with the keys (back in To Do, as a new move), redone, undone with the button.
  await dragTask(page, 'Plan', 'Done');
  await expect(undoButton(page)).toHaveAttribute('title', /^Undo move of “Plan”/);
  await page.getByLabel('New task in To Do').fill('draft');
  await page.getByLabel('New task in To Do').press('Control+z'); // the field's own text undo, not the board's
  await renderedFrames(page);
  await expect(taskIn(page, 'Done', 'Plan')).toBeVisible();
  await expect(redoButton(page)).toBeDisabled();
  await page.getByLabel('New task in To Do').fill('');
  await blur(page);
  await page.keyboard.press('Control+z');
  await expect(taskIn(page, 'To Do', 'Plan')).toBeVisible();
  await expect(undoStatus(page)).toHaveText('Undid move of “Plan”.');
  await expect(redoButton(page)).toHaveAttribute('title', /^Redo move of “Plan”/);
  await page.keyboard.press('Control+Shift+z');
  await expect(taskIn(page, 'Done', 'Plan')).toBeVisible();
  await expect(undoStatus(page)).toHaveText('Redid move of “Plan”.');
  await undoButton(page).click();
  await expect(taskIn(page, 'To Do', 'Plan')).toBeVisible();

  // An edit of the title.
  let dialog = await openTask(page, 'Plan');
  await dialog.getByLabel('Title').fill('Plan the launch');
  await dialog.getByRole('button', { name: 'Close task details' }).click();
  await expect(taskIn(page, 'To Do', 'Plan the launch')).toBeVisible();
  await expect(undoButton(page)).toHaveAttribute('title', /^Undo edit of “Plan the launch”/);
  await undoButton(page).click();
  await expect(taskIn(page, 'To Do', 'Plan')).toBeVisible();
  await blur(page);
  await page.keyboard.press('Control+y');
  await expect(taskIn(page, 'To Do', 'Plan the launch')).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(taskIn(page, 'To Do', 'Plan')).toBeVisible();

  // An archive.
  dialog = await openTask(page, 'Plan');
  await dialog.getByRole('button', { name: 'Archive task' }).click();
  await expect(anyTask(page, 'Plan')).toHaveCount(0);
  await expect(undoButton(page)).toHaveAttribute('title', /^Undo archive of “Plan”/);
  await undoButton(page).click();
  await expect(taskIn(page, 'To Do', 'Plan')).toBeVisible();
  await redoButton(page).click();
  await expect(anyTask(page, 'Plan')).toHaveCount(0);
  await undoButton(page).click();
  await expect(taskIn(page, 'To Do', 'Plan')).toBeVisible();

  // A create: undone, the task is archived (nothing is ever deleted); redone, it is back.
  await addTask(page, 'In Progress', 'Extra');
  await blur(page);
  await page.keyboard.press('Control+z');
  await expect(anyTask(page, 'Extra')).toHaveCount(0);
  await page.getByRole('button', { name: 'Show archived' }).click();
  await expect(page.getByRole('region', { name: 'Archived' })).toContainText('Extra');
  await page.keyboard.press('Control+Shift+z');
  await expect(taskIn(page, 'In Progress', 'Extra')).toBeVisible();

  // Every undo and redo was an ordinary change: saved on the server, there after a reload.
  await saved(page);
  await page.reload();
  await expect(taskIn(page, 'To Do', 'Plan')).toBeVisible();
  await expect(taskIn(page, 'In Progress', 'Extra')).toBeVisible();
});

test("another person's concurrent edit survives my undo; their later change of the same field is kept", async ({
  page: ada,
  others,
  server,
}) => {
  await openBoard(ada, server.url, 'Ada');
  await addTask(ada, 'To Do', 'Shared task');
  const bea = await others.member('Ada', 'Bea');
  await expect(taskIn(bea, 'To Do', 'Shared task')).toBeVisible();
  await saved(bea);

  // Bea, offline, sets the priority while Ada edits the title; Ada undoes hers before they meet.
  await bea.context().setOffline(true);
  await expect(syncStatus(bea)).toHaveAccessibleName(/Sync status: Offline/);
  let panel = await openTask(bea, 'Shared task');
  await pick(panel, 'Priority', 'Highest');
  await panel.getByRole('button', { name: 'Close task details' }).click();
  await expect(panel).toBeHidden();
  panel = await openTask(ada, 'Shared task');
  await panel.getByLabel('Title').fill('Shared task, renamed');
  await panel.getByRole('button', { name: 'Close task details' }).click();
  await expect(taskIn(ada, 'To Do', 'Shared task, renamed')).toBeVisible();
  await saved(ada);
  await undoButton(ada).click();
  await expect(taskIn(ada, 'To Do', 'Shared task')).toBeVisible();
  await saved(ada);
  await bea.context().setOffline(false);
  await saved(bea);
  for (const p of [ada, bea]) {
    await expect(taskIn(p, 'To Do', 'Shared task')).toContainText('Priority: Highest');
    await expect(anyTask(p, 'Shared task, renamed')).toHaveCount(0);
  }
  // Ada's changes are not Bea's to undo.
  await expect(undoButton(bea)).toHaveAttribute('title', /^Undo edit of “Shared task”/);
  await expect(redoButton(bea)).toBeDisabled();

  // Ada sets the estimate; Bea changes it again later: Ada's undo leaves Bea's and says so. (The
  // description is collaborative text with its own undo: e2e/rich-description.spec.ts.)
  panel = await openTask(ada, 'Shared task');
  await panel.getByLabel('Estimate', { exact: true }).fill('3');
  await panel.getByRole('button', { name: 'Close task details' }).click();
  await saved(ada);
  panel = await openTask(bea, 'Shared task');
  await expect(panel.getByLabel('Estimate', { exact: true })).toHaveValue('3');
  await panel.getByLabel('Estimate', { exact: true }).fill('5');
  await panel.getByRole('button', { name: 'Close task details' }).click();
  await saved(bea);
  panel = await openTask(ada, 'Shared task');
  await expect(panel.getByLabel('Estimate', { exact: true })).toHaveValue('5');
  await panel.getByRole('button', { name: 'Close task details' }).click();
  await undoButton(ada).click();
  await expect(undoStatus(ada)).toHaveText(
    'Nothing undone for edit of “Shared task”: someone else changed it since.',
  );
  await saved(ada);

  for (const p of [ada, bea]) {
    await p.reload();
    await expect(taskIn(p, 'To Do', 'Shared task')).toContainText('Priority: Highest');
    panel = await openTask(p, 'Shared task');
    await expect(panel.getByLabel('Estimate', { exact: true })).toHaveValue('5');
    await panel.getByRole('button', { name: 'Close task details' }).click();
  }
});

test('undo works offline and syncs when the connection is back', async ({ page: ada, others, server }) => {
  await openBoard(ada, server.url, 'Ada');
  await addTask(ada, 'To Do', 'Offline card');
  const bea = await others.member('Ada', 'Bea');
  await expect(taskIn(bea, 'To Do', 'Offline card')).toBeVisible();
  await dragTask(ada, 'Offline card', 'In Progress');
  await expect(taskIn(bea, 'In Progress', 'Offline card')).toBeVisible();

  await ada.context().setOffline(true);
  await expect(syncStatus(ada)).toHaveAccessibleName(/Sync status: Offline/);
  await undoButton(ada).click();
  await expect(taskIn(ada, 'To Do', 'Offline card')).toBeVisible();
  await expect(taskIn(bea, 'In Progress', 'Offline card')).toBeVisible();
  await ada.context().setOffline(false);
  await expect(taskIn(bea, 'To Do', 'Offline card')).toBeVisible({ timeout: 15_000 });
});

test('a viewer has nothing to undo: no buttons', async ({ page: ada, others, server }) => {
  await openBoard(ada, server.url, 'Ada');
  await expect(undoButton(ada)).toBeVisible();
  await apiAddMember(server.url, person('Ada'), person('Cy'), 'viewer');
  const cy = await others.page();
  await signIn(cy, server.url, person('Cy'));
  await expect(column(cy, 'To Do')).toBeVisible();
  await expect(cy.getByText('your role is viewer')).toBeVisible();
  await expect(undoButton(cy)).toHaveCount(0);
  await expect(redoButton(cy)).toHaveCount(0);
});
