/**
 * Issue 14, "Act": issue types, subtasks, checklists, epics and links, through the task panel and
 * on the cards. Each check reads what a person sees: the card's type icon and "1/2" counts, the
 * panel's lists, and a link read from its other side ("is blocked by").
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { addTask, openBoard, syncStatus, taskIn } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

function panel(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Task details' });
}

function section(page: Page, name: string | RegExp): Locator {
  return panel(page).getByRole('region', { name });
}

async function open(page: Page, columnName: string, title: string): Promise<Locator> {
  await taskIn(page, columnName, title)
    .getByRole('button', { name: `Open ${title}` })
    .click();
  await expect(panel(page).getByLabel('Title')).toHaveValue(title);
  return panel(page);
}

/** Serious or critical axe findings in the task panel and on the board's cards. */
async function axeFindings(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .include('dialog.task-detail')
    .include('.task-card')
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function close(page: Page): Promise<void> {
  await panel(page).getByRole('button', { name: 'Close task details' }).click();
  await expect(panel(page)).toHaveCount(0);
}

test('a bug with subtasks and a checklist: its card shows the type and both counts as they change', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', 'Fix login');
  const card = taskIn(page, 'To Do', 'Fix login');
  await expect(card.getByRole('img', { name: /^Type:/ })).toHaveCount(0);

  let p = await open(page, 'To Do', 'Fix login');
  await p.getByRole('radio', { name: 'Bug' }).check();
  await expect(card.getByRole('img', { name: 'Type: Bug' })).toBeVisible();

  // Two subtasks, added inline; both are listed with their column.
  const subtasks = section(page, /^Subtasks/);
  for (const title of ['Reproduce', 'Patch']) {
    await subtasks.getByLabel('New subtask').fill(title);
    await subtasks.getByRole('button', { name: 'Add subtask' }).click();
  }
  const list = subtasks.getByRole('list', { name: 'Subtasks' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list.getByRole('listitem').first()).toContainText('Reproduce');
  await expect(list.getByRole('listitem').first()).toContainText('To Do');
  await expect(card).toContainText('Subtasks: 0 of 2 done');

  // Open one from the list, move it to the last column: the parent's card counts it done.
  await list.getByRole('button', { name: /Reproduce/ }).click();
  await expect(panel(page).getByLabel('Title')).toHaveValue('Reproduce');
  await expect(section(page, 'Subtask of')).toContainText('Fix login');
  const moveTo = panel(page).getByRole('region', { name: 'Move to…' });
  await moveTo.getByLabel('Column').selectOption({ label: 'Done' });
  await moveTo.getByLabel('Position').selectOption({ label: 'Top' });
  await moveTo.getByRole('button', { name: 'Move' }).click();
  await expect(taskIn(page, 'Done', 'Reproduce')).toBeVisible();
  await close(page);
  await expect(card).toContainText('Subtasks: 1 of 2 done');
  await expect(card).toContainText('1/2');

  // A checklist: add two items, tick one, rename one, reorder by keyboard, remove one.
  p = await open(page, 'To Do', 'Fix login');
  const checklist = section(page, /^Checklist/);
  for (const item of ['Write a test', 'Ship it']) {
    await checklist.getByLabel('New checklist item').fill(item);
    await checklist.getByRole('button', { name: 'Add item' }).click();
  }
  const items = checklist.getByRole('list', { name: 'Checklist' }).getByLabel('Checklist item');
  await expect(items).toHaveCount(2);
  await checklist.getByRole('checkbox', { name: 'Done: Write a test' }).check();
  await expect(card).toContainText('Checklist: 1 of 2 done');
  expect(await axeFindings(page)).toEqual([]);
  await items.nth(1).fill('Ship the fix');
  await items.nth(1).press('Enter');
  await items.nth(1).press('Alt+ArrowUp');
  await expect(items.nth(0)).toHaveValue('Ship the fix');
  await expect(items.nth(1)).toHaveValue('Write a test');
  await checklist.getByRole('button', { name: 'Remove: Ship the fix' }).click();
  await expect(items).toHaveCount(1);
  await expect(card).toContainText('Checklist: 1 of 1 done');
  // Each checklist edit is one undo step: Undo brings the removed item back, Redo removes it again.
  const undo = page.getByRole('button', { name: /^Undo/ });
  await expect(undo).toHaveAttribute('title', /^Undo checklist of “Fix login”/);
  await undo.click();
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toHaveValue('Ship the fix');
  await page.getByRole('button', { name: /^Redo/ }).click();
  await expect(items).toHaveCount(1);
  await expect(card).toContainText('Checklist: 1 of 1 done');
  // And the task's history says what happened to its checklist, in words.
  await p.getByRole('tab', { name: 'History' }).click();
  const history = p.getByRole('region', { name: 'History' });
  await expect(history).toContainText('checked “Write a test”', { timeout: 15_000 });
  await expect(history).toContainText('removed checklist item “Ship the fix”');
  await close(page);

  // All of it is in the document: after a reload the card and the panel show the same.
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');
  await page.reload();
  await expect(card.getByRole('img', { name: 'Type: Bug' })).toBeVisible();
  await expect(card).toContainText('Subtasks: 1 of 2 done');
  await expect(card).toContainText('Checklist: 1 of 1 done');
  p = await open(page, 'To Do', 'Fix login');
  await expect(p.getByRole('radio', { name: 'Bug' })).toBeChecked();
});

test('an epic lists its tasks; A blocks B reads as "is blocked by A" on B', async ({ page, server }) => {
  // In the dark theme, so axe checks its colours too (the first test runs in the light one).
  await page.emulateMedia({ colorScheme: 'dark' });
  await openBoard(page, server.url, 'Ada');
  for (const title of ['Launch', 'Landing page', 'Pricing']) await addTask(page, 'To Do', title);

  let p = await open(page, 'To Do', 'Launch');
  await p.getByRole('radio', { name: 'Epic' }).check();
  await expect(section(page, /^Tasks in this epic/)).toContainText('No tasks yet');
  await close(page);

  for (const title of ['Landing page', 'Pricing']) {
    p = await open(page, 'To Do', title);
    await p.getByRole('combobox', { name: 'Epic' }).selectOption({ index: 1 });
    await expect(p.getByRole('combobox', { name: 'Epic' }).locator('option:checked')).toHaveText(/Launch$/);
    await close(page);
    await expect(taskIn(page, 'To Do', title)).toContainText('Epic: Launch');
  }
  await open(page, 'To Do', 'Launch');
  const epicTasks = section(page, /^Tasks in this epic/).getByRole('list', { name: 'Tasks in this epic' });
  await expect(epicTasks.getByRole('listitem')).toHaveCount(2);
  await expect(epicTasks).toContainText('Landing page');
  await expect(epicTasks).toContainText('Pricing');
  expect(await axeFindings(page)).toEqual([]);
  await close(page);

  // Landing page blocks Pricing: added on Landing page, read on Pricing from the other side.
  p = await open(page, 'To Do', 'Landing page');
  const links = section(page, 'Links');
  await links.getByLabel('Link type').selectOption('blocks');
  await links.getByLabel('Task to link').fill('Pricing');
  await links
    .getByRole('list', { name: 'Tasks to link' })
    .getByRole('button', { name: /Pricing/ })
    .click();
  await expect(links.getByRole('list', { name: 'blocks' })).toContainText('Pricing');
  expect(await axeFindings(page)).toEqual([]);
  await close(page);

  p = await open(page, 'To Do', 'Pricing');
  const blockedBy = section(page, 'Links').getByRole('list', { name: 'is blocked by' });
  await expect(blockedBy).toContainText('Landing page');
  await expect(section(page, 'Links').getByRole('list', { name: 'blocks' })).toHaveCount(0);
  // Removed from this side, it is gone from both.
  await section(page, 'Links')
    .getByRole('button', { name: 'Remove link: is blocked by Landing page' })
    .click();
  await expect(blockedBy).toHaveCount(0);
  await close(page);
  await open(page, 'To Do', 'Landing page');
  await expect(section(page, 'Links').getByRole('list', { name: 'blocks' })).toHaveCount(0);
  await close(page);

  // The column's add form creates a story when Story is chosen beside the title.
  await page.getByLabel('Issue type for To Do').selectOption('story');
  await addTask(page, 'To Do', 'Write the docs');
  await expect(
    taskIn(page, 'To Do', 'Write the docs').getByRole('img', { name: 'Type: Story' }),
  ).toBeVisible();
  await expect(taskIn(page, 'To Do', 'Pricing').getByRole('img', { name: /^Type:/ })).toHaveCount(0);
});
