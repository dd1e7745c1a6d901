/** The board's everyday operations; each edit is checked again after a reload. */
import { addTask, column, openBoard, syncStatus, taskIn, titlesIn } from './fixtures/board.ts';
import { addLabels, pick, pickerField } from './fixtures/pickers.ts';
import { expect, test } from './fixtures/test.ts';

test('a task is created, every field edited, archived and restored; all of it survives a reload', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');
  await addTask(page, 'To Do', 'Write the spec');

  await taskIn(page, 'To Do', 'Write the spec').getByRole('button', { name: 'Open Write the spec' }).click();
  const dialog = page.getByRole('dialog', { name: 'Task details' });
  await dialog.getByLabel('Title').fill('Write the SPEC');
  await dialog.getByLabel('Description').fill('Number every rule.');
  await pick(dialog, 'Priority', 'High');
  await addLabels(dialog, ['docs', 'model']);
  await pick(dialog, 'Assignee', 'Assign to me', 'me');
  await dialog.getByLabel('Deadline').fill('2026-12-24');
  await dialog.getByLabel('Estimate', { exact: true }).fill('3');
  await dialog.getByRole('button', { name: 'Close task details' }).click();
  await expect(dialog).toBeHidden();

  const card = taskIn(page, 'To Do', 'Write the SPEC');
  await expect(card.getByRole('img', { name: 'Priority: High' })).toBeVisible();
  await expect(card).toContainText('docs');
  await expect(card).toContainText('2026-12-24');
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');

  await page.reload();
  await card.getByRole('button', { name: 'Open Write the SPEC' }).click();
  await expect(dialog.getByLabel('Title')).toHaveValue('Write the SPEC');
  await expect(dialog.getByLabel('Description')).toHaveText('Number every rule.');
  await expect(pickerField(dialog, 'Priority')).toHaveAccessibleName('Priority High');
  await expect(pickerField(dialog, 'Labels')).toHaveAccessibleName(/^Labels docs ?model$/);
  await expect(pickerField(dialog, 'Assignee')).toHaveAccessibleName('Assignee Ada');
  await expect(dialog.getByLabel('Deadline')).toHaveValue('2026-12-24');
  await expect(dialog.getByLabel('Estimate', { exact: true })).toHaveValue('3');
  await expect(dialog).toContainText('by Ada');
  await dialog.getByRole('button', { name: 'Archive task' }).click();
  await expect(card).toHaveCount(0);

  await page.getByRole('button', { name: 'Show archived' }).click();
  const archived = page.getByRole('region', { name: 'Archived' });
  await expect(archived).toContainText('Write the SPEC');
  await page.reload();
  await expect(card).toHaveCount(0);
  await page.getByRole('button', { name: 'Show archived' }).click();
  await archived.getByRole('button', { name: 'Restore Write the SPEC' }).click();
  await expect(card).toBeVisible();
  await page.reload();
  await expect(card).toBeVisible();
});

test('columns are added, renamed, reordered, archived and restored; tasks keep their order', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await page.getByLabel('New column name').fill('Review');
  await page.getByRole('button', { name: 'Add column' }).click();
  await expect(column(page, 'Review')).toBeVisible();

  await page.getByRole('button', { name: 'Rename column Review' }).click();
  await page.getByLabel('New name for column Review').fill('Code review');
  await page.getByLabel('New name for column Review').press('Enter');
  await expect(column(page, 'Code review')).toBeVisible();

  await page.getByRole('button', { name: 'Move column Code review left' }).click();
  const headings = () =>
    page.getByRole('region').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  await expect.poll(headings).toEqual(['To Do', 'In Progress', 'Code review', 'Done']);

  await addTask(page, 'Code review', 'First');
  await addTask(page, 'Code review', 'Second');
  await page.getByRole('button', { name: 'Archive column In Progress' }).click();
  await expect(column(page, 'In Progress')).toHaveCount(0);

  await page.reload();
  await expect.poll(headings).toEqual(['To Do', 'Code review', 'Done']);
  expect(await titlesIn(page, 'Code review')).toEqual(['First', 'Second']);
  await page.getByRole('button', { name: 'Show archived' }).click();
  await page.getByRole('button', { name: 'Restore column In Progress' }).click();
  await page.reload();
  await expect.poll(headings).toEqual(['To Do', 'In Progress', 'Code review', 'Done']);

  // A column holding cards asks first, saying how many and where they will show (issue 14).
  await page.getByRole('button', { name: 'Archive column Code review' }).click();
  const confirm = page.getByRole('dialog', { name: 'Archive column Code review?' });
  await expect(confirm).toContainText('It holds 2 cards. While it is archived they show in ‘To Do’');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await expect.poll(headings).toEqual(['To Do', 'In Progress', 'Code review', 'Done']);
  await page.getByRole('button', { name: 'Archive column Code review' }).click();
  await confirm.getByRole('button', { name: 'Archive column' }).click();
  await expect.poll(headings).toEqual(['To Do', 'In Progress', 'Done']);
  await expect(taskIn(page, 'To Do', 'First')).toBeVisible();
});

test('projects are created and switched; each keeps its own board', async ({ page, server }) => {
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', 'In the first project');
  await page.getByRole('button', { name: 'New project' }).click();
  await page.getByLabel('Project name').fill('Website relaunch');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByLabel('Project')).toHaveValue(/.+/);
  await expect(column(page, 'To Do')).toBeVisible();
  await expect(taskIn(page, 'To Do', 'In the first project')).toHaveCount(0);
  await addTask(page, 'To Do', 'Launch page');
  await page.reload();
  await expect(taskIn(page, 'To Do', 'Launch page')).toBeVisible();
  await page.getByLabel('Project').selectOption({ label: 'My first project' });
  await expect(taskIn(page, 'To Do', 'In the first project')).toBeVisible();
});

test('comments are written, edited and deleted by their author, and survive a reload', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', 'Discuss');
  await page.getByRole('button', { name: 'Open Discuss' }).click();
  const comments = page
    .getByRole('dialog', { name: 'Task details' })
    .getByRole('region', { name: 'Comments' });
  await comments.getByLabel('New comment').fill('First thoughts');
  await comments.getByRole('button', { name: 'Comment', exact: true }).click();
  const mine = comments.getByRole('listitem', { name: 'Comment by Ada' });
  await expect(mine).toContainText('First thoughts');
  await mine.getByRole('button', { name: 'Edit' }).click();
  await mine.getByLabel('Edit comment').fill('Second thoughts');
  await mine.getByRole('button', { name: 'Save comment' }).click();
  await expect(mine).toContainText('Second thoughts');
  await expect(mine).toContainText('edited');
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');

  // The open task is in the address: the reload reopens its panel.
  await page.reload();
  await expect(mine).toContainText('Second thoughts');
  await mine.getByRole('button', { name: 'Delete' }).click();
  await expect(mine).toHaveCount(0);
  await expect(comments).toContainText('No comments yet.');
});
