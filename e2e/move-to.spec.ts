/**
 * Issue 14, "Act": "Move to…" in the task panel, the always-working alternative to dragging. A
 * task goes to each neighbouring column at the top, the bottom and after a chosen task; the board
 * shows it there; undo puts it back; a viewer is not offered the control.
 */
import type { Locator, Page } from '@playwright/test';
import { addTask, openBoard, taskIn, titlesIn } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';
import { signInViewerOfSeededBoard } from './fixtures/viewer.ts';

function panel(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Task details' });
}

function moveTo(page: Page): Locator {
  return panel(page).getByRole('region', { name: 'Move to…' });
}

async function open(page: Page, columnName: string, title: string): Promise<void> {
  await taskIn(page, columnName, title)
    .getByRole('button', { name: `Open ${title}` })
    .click();
  await expect(panel(page).getByLabel('Title')).toHaveValue(title);
}

async function move(page: Page, columnName: string, position: string): Promise<void> {
  await moveTo(page).getByLabel('Column').selectOption({ label: columnName });
  await moveTo(page).getByLabel('Position').selectOption({ label: position });
  await moveTo(page).getByRole('button', { name: 'Move' }).click();
}

async function undo(page: Page): Promise<void> {
  await panel(page).getByRole('button', { name: 'Close task details' }).click();
  await expect(panel(page)).toHaveCount(0);
  await page.getByRole('button', { name: /^Undo/ }).click();
}

test('Move to… puts a task at the top, the bottom or after a task of each neighbouring column; undo puts it back', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  for (const title of ['Mover', 'A1']) await addTask(page, 'To Do', title);
  for (const title of ['B1', 'B2']) await addTask(page, 'In Progress', title);
  for (const title of ['C1', 'C2']) await addTask(page, 'Done', title);

  // To Do → In Progress, at the top; the panel stays open and says where it went.
  await open(page, 'To Do', 'Mover');
  await move(page, 'In Progress', 'Top');
  await expect(moveTo(page).getByRole('status')).toHaveText('Moved to In Progress, at the top.');
  await expect.poll(() => titlesIn(page, 'In Progress')).toEqual(['Mover', 'B1', 'B2']);
  await expect.poll(() => titlesIn(page, 'To Do')).toEqual(['A1']);
  await undo(page);
  await expect.poll(() => titlesIn(page, 'To Do')).toEqual(['Mover', 'A1']);
  await expect.poll(() => titlesIn(page, 'In Progress')).toEqual(['B1', 'B2']);

  // At the bottom.
  await open(page, 'To Do', 'Mover');
  await move(page, 'In Progress', 'Bottom');
  await expect.poll(() => titlesIn(page, 'In Progress')).toEqual(['B1', 'B2', 'Mover']);

  // In Progress → Done, after a chosen task; then back to In Progress after another one.
  await move(page, 'Done', 'After C1');
  await expect.poll(() => titlesIn(page, 'Done')).toEqual(['C1', 'Mover', 'C2']);
  await expect.poll(() => titlesIn(page, 'In Progress')).toEqual(['B1', 'B2']);
  await move(page, 'In Progress', 'After B1');
  await expect.poll(() => titlesIn(page, 'In Progress')).toEqual(['B1', 'Mover', 'B2']);
  // Within its own column, to the top; its own card is not offered as a place to go after.
  await move(page, 'In Progress', 'Top');
  await expect.poll(() => titlesIn(page, 'In Progress')).toEqual(['Mover', 'B1', 'B2']);
  await expect(moveTo(page).getByLabel('Position').getByRole('option')).toHaveText([
    'Top',
    'Bottom',
    'After B1',
    'After B2',
  ]);
  // In Progress → To Do, the other neighbour, at the bottom.
  await move(page, 'To Do', 'Bottom');
  await expect.poll(() => titlesIn(page, 'To Do')).toEqual(['A1', 'Mover']);

  // Each move is one undoable change: undo walks them back one by one.
  await undo(page);
  await expect.poll(() => titlesIn(page, 'In Progress')).toEqual(['Mover', 'B1', 'B2']);
  await page.getByRole('button', { name: /^Undo/ }).click();
  await expect.poll(() => titlesIn(page, 'In Progress')).toEqual(['B1', 'Mover', 'B2']);
  await page.getByRole('button', { name: /^Undo/ }).click();
  await expect.poll(() => titlesIn(page, 'Done')).toEqual(['C1', 'Mover', 'C2']);

  // The moves survive a reload.
  await page.reload();
  await expect.poll(() => titlesIn(page, 'Done')).toEqual(['C1', 'Mover', 'C2']);
});

test('a viewer is not offered Move to…', async ({ page, server }) => {
  await signInViewerOfSeededBoard(page, server.url);
  await open(page, 'To Do', 'Task 0');
  await expect(panel(page).getByText('Created')).toBeVisible();
  await expect(moveTo(page)).toHaveCount(0);
  await expect(panel(page).getByRole('button', { name: 'Move' })).toHaveCount(0);
});
