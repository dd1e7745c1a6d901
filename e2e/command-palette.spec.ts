/**
 * Issue 14, "Find": the command palette (Ctrl/Cmd+K). It finds a task by key and by words and
 * opens it at its browse address, switches the board's project, runs actions on the task open in
 * the panel (the card changes), never opens while typing text into a field, offers a viewer no
 * actions, and finds a task by key among 10,000.
 */
import type { Locator, Page } from '@playwright/test';
import { FIRST_PROJECT_ID, readBoard } from '@taskflow/model';
import type * as Y from 'yjs';
import { apiSignUp, person, signIn } from './fixtures/auth.ts';
import { addTask, column, openBoard, taskIn } from './fixtures/board.ts';
import { pickerField } from './fixtures/pickers.ts';
import { connectSeedClient, seedTasks } from './fixtures/seed-client.ts';
import { expect, test } from './fixtures/test.ts';
import { signInViewerOfSeededBoard } from './fixtures/viewer.ts';

function palette(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Command palette' });
}

function paletteField(page: Page): Locator {
  return palette(page).getByRole('combobox', { name: 'Search tasks, projects, views and actions' });
}

/** Opens the palette with the shortcut and types `query`; returns the palette's options. */
async function ask(page: Page, query: string): Promise<Locator> {
  await page.keyboard.press('ControlOrMeta+k');
  await expect(paletteField(page)).toBeFocused();
  await paletteField(page).fill(query);
  return palette(page).getByRole('option');
}

function panel(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Task details' });
}

async function openTask(page: Page, columnName: string, title: string): Promise<Locator> {
  await taskIn(page, columnName, title)
    .getByRole('button', { name: `Open ${title}` })
    .click();
  await expect(panel(page)).toBeVisible();
  return panel(page);
}

/** The key the card shows once the server has numbered the task (MFP-1, …). */
async function keyOf(page: Page, columnName: string, title: string): Promise<string> {
  const card = taskIn(page, columnName, title);
  await expect(card).toContainText(/MFP-\d+/);
  return /MFP-\d+/.exec((await card.textContent()) ?? '')?.[0] ?? '';
}

/** Every address the page has been at since the call, same-document navigations included. */
function addresses(page: Page): string[] {
  const seen: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) seen.push(new URL(frame.url()).pathname);
  });
  return seen;
}

test('Ctrl+K finds a task by key and by words and opens it at its browse address', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  for (const title of ['Write the spec', 'Fix login page', 'Deploy the site'])
    await addTask(page, 'To Do', title);
  const key = await keyOf(page, 'To Do', 'Fix login page');
  const seen = addresses(page);

  // By key, typed in lower case: the task is the first option, and active.
  const byKey = await ask(page, key.toLowerCase());
  await expect(byKey.first()).toHaveText(`${key}Fix login page`);
  await expect(byKey.first()).toHaveAttribute('aria-selected', 'true');
  await expect(paletteField(page)).toHaveAttribute(
    'aria-activedescendant',
    (await byKey.first().getAttribute('id')) ?? '',
  );
  await page.keyboard.press('Enter');
  await expect(palette(page)).toHaveCount(0);
  await expect(panel(page).getByLabel('Title')).toHaveValue('Fix login page');
  // The address stays at the task's browse address while its panel is open.
  await expect(page).toHaveURL(new RegExp(`/w/default/browse/${key}$`));
  expect(seen).toContain(`/w/default/browse/${key}`);
  await panel(page).getByRole('button', { name: 'Close task details' }).click();

  // By words, out of order and partly typed; picked with the mouse.
  const byWords = await ask(page, 'pag fix');
  await expect(byWords).toHaveCount(1);
  await byWords.first().click();
  await expect(panel(page).getByLabel('Title')).toHaveValue('Fix login page');
  await panel(page).getByRole('button', { name: 'Close task details' }).click();

  // Arrows move the active option; Escape closes and gives focus back.
  const deploy = page.getByRole('button', { name: 'Open Deploy the site' });
  await deploy.focus();
  const views = await ask(page, 'o');
  const second = views.nth(1);
  await page.keyboard.press('ArrowDown');
  await expect(second).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  await expect(views.first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Escape');
  await expect(palette(page)).toHaveCount(0);
  await expect(deploy).toBeFocused();

  // A query that names nothing says so (a status, read out by screen readers).
  const none = await ask(page, 'no such xyz');
  await expect(none).toHaveCount(0);
  await expect(palette(page).getByRole('status')).toHaveText('Nothing matches “no such xyz”.');
  await page.keyboard.press('Escape');

  // The header button opens it too, and a view can be reached from it.
  await page.getByRole('button', { name: /^Search/ }).click();
  await paletteField(page).fill('members');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/w\/default\/members$/);
  // From another view, the shortcut still opens it.
  await ask(page, 'board');
  await page.keyboard.press('Enter');
  await expect(column(page, 'To Do')).toBeVisible();
});

test('the palette switches the board’s project', async ({ page, server }) => {
  await openBoard(page, server.url, 'Ada');
  await page.getByRole('button', { name: 'New project' }).click();
  await page.getByLabel('Project name').fill('Second board');
  await page.getByRole('button', { name: 'Create project' }).click();
  const project = page.getByRole('combobox', { name: 'Project' });
  await expect(project.locator('option:checked')).toHaveText('Second board');

  const options = await ask(page, 'my first');
  await expect(options).toHaveCount(1);
  await expect(options.first()).toContainText('My first project');
  await page.keyboard.press('Enter');
  await expect(project.locator('option:checked')).toHaveText('My first project');
  await addTask(page, 'To Do', 'Back on the first board');

  // From another view it goes to the board of the chosen project.
  await page.getByRole('link', { name: 'Activity' }).click();
  await ask(page, 'second board');
  await page.keyboard.press('Enter');
  await expect(project.locator('option:checked')).toHaveText('Second board');
  await expect(page).toHaveURL(/\/w\/default$/);
});

test('actions run on the task open in the panel, and the card changes', async ({ page, server }) => {
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', 'Tidy the backlog');
  await openTask(page, 'To Do', 'Tidy the backlog');
  const card = () => page.getByRole('article', { name: 'Tidy the backlog', exact: true });

  const assign = await ask(page, 'assign to me');
  await expect(palette(page).getByRole('group', { name: 'Actions on Tidy the backlog' })).toBeVisible();
  await expect(assign.first()).toHaveText('Assign to me');
  await page.keyboard.press('Enter');
  await expect(card().getByTitle('Assignee: Ada')).toBeVisible();
  // The panel, still open and untouched, follows the change.
  await expect(pickerField(panel(page), 'Assignee')).toHaveAccessibleName('Assignee Ada');

  const priority = await ask(page, 'priority high');
  await expect(priority).toHaveText(['Set priority: High', 'Set priority: Highest']);
  await page.keyboard.press('Enter');
  await expect(card().getByRole('img', { name: 'Priority: High' })).toBeVisible();
  await expect(pickerField(panel(page), 'Priority')).toHaveAccessibleName('Priority High');

  // One entry per live column but the task's own.
  const moves = await ask(page, 'move to');
  await expect(moves).toHaveText(['Move to In Progress', 'Move to Done']);
  await moves.filter({ hasText: 'Done' }).click();
  await expect(taskIn(page, 'Done', 'Tidy the backlog')).toBeVisible();

  // Each action is one undoable change of mine.
  await panel(page).getByRole('button', { name: 'Close task details' }).click();
  await page.getByRole('button', { name: /^Undo/ }).click();
  await expect(taskIn(page, 'To Do', 'Tidy the backlog')).toBeVisible();

  await openTask(page, 'To Do', 'Tidy the backlog');
  await ask(page, 'archive');
  await page.keyboard.press('Enter');
  await expect(panel(page).getByRole('button', { name: 'Restore task' })).toBeVisible();
  await expect(taskIn(page, 'To Do', 'Tidy the backlog')).toHaveCount(0);
});

test('actions run on the task selected on the board with J, without opening it; Escape leaves none in context', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', 'Tidy the backlog');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('j');
  await expect(page.locator('li.task-item[aria-current="true"]')).toContainText('Tidy the backlog');
  const card = () => page.getByRole('article', { name: 'Tidy the backlog', exact: true });

  await ask(page, 'assign to me');
  await expect(palette(page).getByRole('group', { name: 'Actions on Tidy the backlog' })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(card().getByTitle('Assignee: Ada')).toBeVisible();
  await expect(panel(page)).toHaveCount(0);

  // Escape clears the selection: nothing is in context, so the palette offers no actions.
  await page.keyboard.press('Escape');
  await expect(page.locator('li.task-item[aria-current="true"]')).toHaveCount(0);
  await ask(page, 'priority');
  await expect(palette(page).getByRole('group', { name: /^Actions on/ })).toHaveCount(0);
  await page.keyboard.press('Escape');
});

test('typing in a task’s title never opens the palette; Ctrl+K there does, and Escape returns to the field', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', 'Keys');
  const title = (await openTask(page, 'To Do', 'Keys')).getByLabel('Title');
  await title.click();
  await title.press('End');
  await page.keyboard.type(' k K kk Kk');
  await expect(title).toHaveValue('Keys k K kk Kk');
  await expect(palette(page)).toHaveCount(0);

  await page.keyboard.press('ControlOrMeta+k');
  await expect(paletteField(page)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(palette(page)).toHaveCount(0);
  await expect(panel(page)).toBeVisible();
  await expect(title).toBeFocused();
  await expect(title).toHaveValue('Keys k K kk Kk');
});

test('a viewer sees no actions in the palette', async ({ page, server }) => {
  await signInViewerOfSeededBoard(page, server.url);
  await openTask(page, 'To Do', 'Task 0');

  const options = await ask(page, '');
  await expect(options.first()).toBeVisible();
  await expect(palette(page).getByRole('group', { name: /^Actions/ })).toHaveCount(0);
  for (const name of ['Assign to me', 'Archive task', 'Set priority: High', 'Move to Done']) {
    await paletteField(page).fill(name);
    await expect(palette(page).getByRole('option', { name })).toHaveCount(0);
  }
  // Finding and opening still work.
  await paletteField(page).fill('task 1');
  await expect(palette(page).getByRole('option').first()).toContainText('Task 1');
});

/** The number of the task titled `title` in a Node client's copy, null until the server numbered it. */
function numberOf(doc: Y.Doc, title: string): number | null {
  const tasks = readBoard(doc, FIRST_PROJECT_ID)?.columns.flatMap((c) => c.tasks) ?? [];
  return tasks.find((t) => t.title === title)?.number ?? null;
}

test('finds a task by key among 10,000', async ({ page, server }) => {
  test.setTimeout(180_000);
  const ada = person('Ada');
  const { token, userId } = await apiSignUp(server.url, ada);
  const seeder = await connectSeedClient(server.url, { token, actorId: userId });
  try {
    await seedTasks(seeder, FIRST_PROJECT_ID, 10_000);
    // The server numbers every task; wait until the one sought has its number here.
    const wanted = 'Task 7777';
    await expect.poll(() => numberOf(seeder.doc, wanted), { timeout: 60_000 }).not.toBeNull();
    const key = `MFP-${numberOf(seeder.doc, wanted)}`;

    await signIn(page, server.url, ada);
    await expect(column(page, 'To Do').getByRole('heading')).toContainText('3334', { timeout: 60_000 });
    const byKey = await ask(page, key.toLowerCase());
    await expect(byKey.first()).toHaveText(`${key}${wanted}`);
    await page.keyboard.press('Enter');
    await expect(panel(page).getByLabel('Title')).toHaveValue(wanted);
    await panel(page).getByRole('button', { name: 'Close task details' }).click();

    // By words too: the one title that starts with them comes first.
    const byWords = await ask(page, 'task 7777');
    await expect(byWords.first()).toHaveText(new RegExp(`^MFP-\\d+${wanted}$`));
  } finally {
    seeder.destroy();
  }
});
