/** Keyboard dragging (space, arrows, space) moves tasks and is announced with task and column names. */
import type { Page } from '@playwright/test';
import { addTask, openBoard, taskIn, titlesIn } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

function announcements(page: Page) {
  // dnd-kit's live region; the sync pill is the other status and has its own name.
  return page.locator('[id^="DndLiveRegion"]');
}

test('a task moves within and across columns with the keyboard, announced by name', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  for (const title of ['Alpha', 'Beta', 'Gamma']) await addTask(page, 'To Do', title);

  await page.getByRole('button', { name: 'Move Alpha' }).focus();
  await page.keyboard.press('Space');
  await expect(announcements(page)).toHaveText('Picked up task Alpha from column To Do.');
  await page.keyboard.press('ArrowDown');
  await expect(announcements(page)).toHaveText('Task Alpha is over position 2 in column To Do.');
  await page.keyboard.press('ArrowDown');
  await expect(announcements(page)).toHaveText('Task Alpha is over position 3 in column To Do.');
  await page.keyboard.press('Space');
  await expect(announcements(page)).toHaveText('Task Alpha was dropped at position 3 in column To Do.');
  await expect.poll(() => titlesIn(page, 'To Do')).toEqual(['Beta', 'Gamma', 'Alpha']);

  await page.getByRole('button', { name: 'Move Beta' }).focus();
  await page.keyboard.press('Space');
  // dnd-kit measures the columns after the pick-up; an arrow pressed before that is dropped.
  await expect(announcements(page)).toHaveText('Picked up task Beta from column To Do.');
  await page.keyboard.press('ArrowRight');
  await expect(announcements(page)).toHaveText('Task Beta is over the end of column In Progress.');
  await page.keyboard.press('Space');
  await expect(announcements(page)).toHaveText('Task Beta was dropped at the end of column In Progress.');
  await expect(taskIn(page, 'In Progress', 'Beta')).toBeVisible();

  await page.getByRole('button', { name: 'Move Gamma' }).focus();
  await page.keyboard.press('Space');
  // dnd-kit measures the columns after the pick-up; an arrow pressed before that is dropped.
  await expect(announcements(page)).toHaveText('Picked up task Gamma from column To Do.');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Escape');
  await expect(announcements(page)).toHaveText('Moving task Gamma was cancelled; it stays where it was.');

  await page.reload();
  await expect.poll(() => titlesIn(page, 'To Do')).toEqual(['Gamma', 'Alpha']);
  await expect(taskIn(page, 'In Progress', 'Beta')).toBeVisible();
});

test('arrow keys land where they point: Left goes one column left, Down stays in the column (issue 14)', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  for (const title of ['Alpha', 'Beta']) await addTask(page, 'To Do', title);
  await addTask(page, 'In Progress', 'Gamma');

  await page.getByRole('button', { name: 'Move Gamma' }).focus();
  await page.keyboard.press('Space');
  await expect(announcements(page)).toHaveText('Picked up task Gamma from column In Progress.');
  await page.keyboard.press('ArrowLeft');
  await expect(announcements(page)).toHaveText('Task Gamma is over position 1 in column To Do.');
  await page.keyboard.press('Space');
  await expect(announcements(page)).toHaveText('Task Gamma was dropped at position 1 in column To Do.');
  await expect.poll(() => titlesIn(page, 'To Do')).toEqual(['Gamma', 'Alpha', 'Beta']);
  await expect.poll(() => titlesIn(page, 'In Progress')).toEqual([]);

  // Down from the last task of a column stays there; Right then Down ends at the next column's end.
  await page.getByRole('button', { name: 'Move Beta' }).focus();
  await page.keyboard.press('Space');
  await expect(announcements(page)).toHaveText('Picked up task Beta from column To Do.');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await expect(announcements(page)).toHaveText('Task Beta is over the end of column In Progress.');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await expect(announcements(page)).toHaveText('Task Beta was dropped at the end of column In Progress.');
  await expect.poll(() => titlesIn(page, 'In Progress')).toEqual(['Beta']);
  await expect.poll(() => titlesIn(page, 'Done')).toEqual([]);

  await page.reload();
  await expect.poll(() => titlesIn(page, 'To Do')).toEqual(['Gamma', 'Alpha']);
  await expect.poll(() => titlesIn(page, 'In Progress')).toEqual(['Beta']);
});
