/**
 * Issue 14: "Pasting over a field's limit says so instead of cutting silently." A real paste (the
 * system clipboard, Ctrl+V) into the task title, which holds 500 characters.
 */
import { addTask, openBoard, taskIn } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

test('a paste cut at a field limit says how much was kept', async ({ page, server }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', 'Short');
  await taskIn(page, 'To Do', 'Short').getByRole('button', { name: 'Open Short' }).click();
  const title = page.getByRole('dialog', { name: 'Task details' }).getByLabel('Title');
  await title.selectText();

  // Fits: nothing said.
  await page.evaluate(() => navigator.clipboard.writeText('A title that fits'));
  await title.press('Control+V');
  await expect(title).toHaveValue('A title that fits');
  await expect(page.getByText(/you pasted/)).toHaveCount(0);

  // 612 characters after "A title that fits " (18): 482 kept, and the person is told.
  await title.press('End');
  await title.pressSequentially(' ');
  await page.evaluate(() => navigator.clipboard.writeText('x'.repeat(612)));
  await title.press('Control+V');
  await expect(title).toHaveValue(`A title that fits ${'x'.repeat(482)}`);
  await expect(page.locator('[aria-live="polite"]').filter({ hasText: 'you pasted' })).toHaveText(
    'Title holds at most 500 characters: 482 of the 612 you pasted were kept. OK',
  );
});
