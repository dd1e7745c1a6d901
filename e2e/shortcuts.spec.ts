/**
 * Issue 14, "Act": the board's keyboard shortcuts. Every entry of the `?` overlay is pressed as the
 * overlay prints it and has an expectation of its own (an entry without one fails the test, so the
 * overlay cannot list a key nobody checked); the letters do nothing while typing in a field or
 * while a dialog is open; several marked tasks change in one step that one undo takes back.
 */
import type { Locator, Page } from '@playwright/test';
import { addTask, column, openBoard, taskIn, titlesIn } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

const COLUMNS = ['To Do', 'In Progress', 'Done'];

function overlay(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Keyboard shortcuts' });
}

function picker(page: Page, name: string): Locator {
  return page.getByRole('dialog', { name, exact: true });
}

function cursorCard(page: Page): Locator {
  return page.locator('li.task-item[aria-current="true"]');
}

function card(page: Page, title: string): Locator {
  return page.getByRole('article', { name: title, exact: true });
}

async function expectCursor(page: Page, title: string): Promise<void> {
  await expect(cursorCard(page)).toHaveCount(1);
  await expect(cursorCard(page).getByRole('article')).toHaveAttribute('aria-label', title);
  // Focus follows the cursor, so a screen reader says which task it is on.
  await expect(page.getByRole('button', { name: `Open ${title}`, exact: true })).toBeFocused();
}

/** Focus on nothing and no selection: where a person is after clicking the page's background. */
async function reset(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Escape');
  await expect(cursorCard(page)).toHaveCount(0);
  await expect(page.locator('li.task-item[data-selected]')).toHaveCount(0);
}

/** Puts the keyboard cursor on a task with the keys only: J to the first, → across, J down. */
async function select(page: Page, title: string): Promise<void> {
  await reset(page);
  await page.keyboard.press('j');
  const columns = await Promise.all(COLUMNS.map((name) => titlesIn(page, name)));
  const at = columns.findIndex((titles) => titles.includes(title));
  if (at < 0) throw new Error(`${title} is on no column`);
  // The arrows skip empty columns.
  for (let c = columns.findIndex((t) => t.length > 0); c < at; c++) {
    if ((columns[c + 1]?.length ?? 0) > 0) await page.keyboard.press('ArrowRight');
  }
  for (let i = 0; i < (columns[at] ?? []).indexOf(title); i++) await page.keyboard.press('j');
  await expectCursor(page, title);
}

/** Chooses an option of an open picker by typing and Enter. */
async function choose(page: Page, pickerName: string, typed: string, option: string): Promise<void> {
  const dialog = picker(page, pickerName);
  await expect(dialog).toBeVisible();
  await dialog.getByRole('combobox').fill(typed);
  await expect(dialog.getByRole('option').first()).toHaveAccessibleName(option);
  await page.keyboard.press('Enter');
}

function priorityIcon(page: Page, title: string, label: string): Locator {
  return card(page, title).getByRole('img', { name: `Priority: ${label}` });
}

async function setPriority(page: Page, title: string, label: string): Promise<void> {
  await select(page, title);
  await page.keyboard.press('p');
  await choose(page, 'Priority', label, label);
  await expect(picker(page, 'Priority')).toHaveCount(0);
  await expect(priorityIcon(page, title, label)).toBeVisible();
}

/** What each shortcut does, checked after pressing it as the overlay prints it. */
const EXPECTATIONS: Record<string, (page: Page, key: string) => Promise<void>> = {
  async down(page, key) {
    await reset(page);
    await page.keyboard.press(key);
    await expectCursor(page, 'Alpha');
    await page.keyboard.press(key);
    await expectCursor(page, 'Beta');
  },
  async up(page, key) {
    await select(page, 'Gamma');
    await page.keyboard.press(key);
    await expectCursor(page, 'Beta');
    await page.keyboard.press(key);
    await page.keyboard.press(key);
    await expectCursor(page, 'Alpha');
  },
  async left(page, key) {
    await select(page, 'Delta');
    await page.keyboard.press(key);
    await expectCursor(page, 'Alpha');
  },
  async right(page, key) {
    await select(page, 'Beta');
    await page.keyboard.press(key);
    // Same height, or the next column's last task.
    await expectCursor(page, 'Delta');
  },
  async open(page, key) {
    await select(page, 'Beta');
    // From the board itself, not the card's own button (whose Enter is its click).
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press(key);
    const panel = page.getByRole('dialog', { name: 'Task details' });
    await expect(panel.getByRole('textbox', { name: 'Title', exact: true })).toHaveValue('Beta');
    await panel.getByRole('button', { name: 'Close task details' }).click();
    await expect(panel).toHaveCount(0);
  },
  async toggle(page, key) {
    await select(page, 'Alpha');
    await page.keyboard.press(key);
    await page.keyboard.press('j');
    await page.keyboard.press(key);
    await expect(page.locator('li.task-item[data-selected]')).toHaveCount(2);
    await expect(card(page, 'Alpha').getByText('Selected')).toBeAttached();
    await expect(page.getByRole('status').filter({ hasText: '2 tasks selected' })).toBeVisible();
    await page.keyboard.press(key);
    await expect(page.locator('li.task-item[data-selected]')).toHaveCount(1);
    await expect(card(page, 'Beta').getByText('Selected')).toHaveCount(0);
  },
  async clear(page, key) {
    await select(page, 'Alpha');
    await page.keyboard.press('x');
    await expect(page.locator('li.task-item[data-selected]')).toHaveCount(1);
    await page.keyboard.press(key);
    await expect(page.locator('li.task-item[data-selected]')).toHaveCount(0);
    await expect(cursorCard(page)).toHaveCount(0);
  },
  async create(page, key) {
    await select(page, 'Delta');
    await page.keyboard.press(key);
    const field = column(page, 'In Progress').getByLabel('New task in In Progress');
    await expect(field).toBeFocused();
    // The letter itself is not typed into the field.
    await expect(field).toHaveValue('');
    await page.keyboard.type('Epsilon');
    await page.keyboard.press('Enter');
    await expect(taskIn(page, 'In Progress', 'Epsilon')).toBeVisible();
  },
  async assignee(page, key) {
    await select(page, 'Alpha');
    await page.keyboard.press(key);
    const dialog = picker(page, 'Assignee');
    await expect(dialog.getByRole('option').first()).toHaveAccessibleName('Assign to me');
    await expect(dialog.getByRole('option').nth(1)).toHaveAccessibleName('Unassigned');
    await page.keyboard.press('Enter');
    await expect(dialog).toHaveCount(0);
    await expect(card(page, 'Alpha').getByTitle('Assignee: Ada')).toHaveText('A');
    // Focus went back to the card.
    await expect(page.getByRole('button', { name: 'Open Alpha' })).toBeFocused();
    // And "Unassigned" takes it off again.
    await page.keyboard.press(key);
    await choose(page, 'Assignee', 'unass', 'Unassigned');
    await expect(card(page, 'Alpha').getByTitle('Assignee: Ada')).toHaveCount(0);
  },
  async labels(page, key) {
    await select(page, 'Gamma');
    await page.keyboard.press(key);
    const dialog = picker(page, 'Labels');
    await dialog.getByRole('combobox').fill('Needs review');
    await expect(dialog.getByRole('option')).toHaveText(['Create label “Needs review”']);
    await page.keyboard.press('Enter');
    // A label picker stays open for more; the new label is listed and chosen.
    await expect(dialog.getByRole('option', { name: 'Needs review' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(card(page, 'Gamma').getByText('Needs review', { exact: true })).toBeVisible();
  },
  async priority(page, key) {
    await select(page, 'Beta');
    await page.keyboard.press(key);
    const dialog = picker(page, 'Priority');
    // Highest first; the check (not part of the name) marks the task's own, Medium.
    await expect(dialog.getByRole('option')).toHaveText([
      /^Highest$/,
      /^High$/,
      /^✓Medium$/,
      /^Low$/,
      /^Lowest$/,
    ]);
    await expect(dialog.getByRole('option', { name: 'Medium' })).toHaveAttribute('aria-selected', 'true');
    await dialog.getByRole('combobox').fill('hi');
    await expect(dialog.getByRole('option')).toHaveText(['Highest', 'High']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(priorityIcon(page, 'Beta', 'High')).toBeVisible();
  },
  async status(page, key) {
    await select(page, 'Gamma');
    await page.keyboard.press(key);
    const dialog = picker(page, 'Status');
    await dialog.getByRole('combobox').fill('do');
    // "To Do" is where it is (chosen); Done is reached by the arrow.
    await expect(dialog.getByRole('option')).toHaveText([/To Do$/, /Done$/]);
    await expect(dialog.getByRole('option', { name: 'To Do' })).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(taskIn(page, 'Done', 'Gamma')).toBeVisible();
    await select(page, 'Gamma');
    await page.keyboard.press(key);
    await choose(page, 'Status', 'to do', 'To Do');
    await expect(taskIn(page, 'To Do', 'Gamma')).toBeVisible();
  },
  async due(page, key) {
    await select(page, 'Alpha');
    await page.keyboard.press(key);
    const dialog = page.getByRole('dialog', { name: 'Due date' });
    await dialog.getByRole('button', { name: /^Tomorrow/ }).click();
    await expect(dialog).toHaveCount(0);
    await expect(card(page, 'Alpha').getByTitle('Deadline')).toBeVisible();
    // The day written is tomorrow's in the person's calendar: the picker shows it back.
    const tomorrow = await page.evaluate(() => {
      const d = new Date();
      d.setDate(d.getDate() + 1);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    await page.keyboard.press(key);
    await expect(dialog.getByLabel('Day')).toHaveValue(tomorrow);
    await dialog.getByRole('button', { name: 'No due date' }).click();
    await expect(card(page, 'Alpha').getByTitle('Deadline')).toHaveCount(0);
  },
  async undo(page, key) {
    await setPriority(page, 'Alpha', 'Low');
    await page.keyboard.press(key);
    await expect(priorityIcon(page, 'Alpha', 'Low')).toHaveCount(0);
    // What it undid is said (by the board's status line for Z, by the undo bar for Ctrl/Cmd+Z).
    await expect(page.getByRole('status').filter({ hasText: /^Undid .*Alpha/ })).toBeVisible();
  },
  async redo(page, key) {
    await setPriority(page, 'Alpha', 'Lowest');
    await page.keyboard.press('z');
    await expect(priorityIcon(page, 'Alpha', 'Lowest')).toHaveCount(0);
    await page.keyboard.press(key);
    await expect(priorityIcon(page, 'Alpha', 'Lowest')).toBeVisible();
  },
  async help(page, key) {
    await reset(page);
    await page.keyboard.press(key);
    await expect(overlay(page)).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(overlay(page)).toHaveCount(0);
  },
  async palette(page, key) {
    await reset(page);
    await page.keyboard.press(key);
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await expect(palette).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(palette).toHaveCount(0);
  },
};

async function seed(page: Page, url: string): Promise<void> {
  await openBoard(page, url, 'Ada');
  for (const title of ['Alpha', 'Beta', 'Gamma']) await addTask(page, 'To Do', title);
  await addTask(page, 'In Progress', 'Delta');
}

test('every shortcut the ? overlay lists does what it says', async ({ page, server }) => {
  await seed(page, server.url);
  await reset(page);
  await page.keyboard.press('?');
  await expect(overlay(page)).toBeVisible();
  const rows = await overlay(page)
    .locator('[data-shortcut]')
    .evaluateAll((els) =>
      els.map((el) => ({
        action: el.getAttribute('data-shortcut') ?? '',
        keys: [...el.querySelectorAll('kbd')].map((k) => k.getAttribute('data-press') ?? ''),
      })),
    );
  await overlay(page).getByRole('button', { name: 'Close' }).click();
  await expect(overlay(page)).toHaveCount(0);
  // Each entry has its expectation and each expectation its entry: the overlay lists what is tested.
  expect(rows.map((r) => r.action).sort()).toEqual(Object.keys(EXPECTATIONS).sort());
  for (const row of rows) {
    expect(row.keys.length, row.action).toBeGreaterThan(0);
    for (const key of row.keys) {
      await test.step(`${row.action}: ${key}`, () =>
        (EXPECTATIONS[row.action] as (p: Page, k: string) => Promise<void>)(page, key));
    }
  }
  // What the keys changed is in the document: it is there after a reload.
  await page.reload();
  await expect(card(page, 'Gamma').getByText('Needs review', { exact: true })).toBeVisible();
  await expect(priorityIcon(page, 'Beta', 'High')).toBeVisible();
  await expect(taskIn(page, 'In Progress', 'Epsilon')).toBeVisible();
});

test('letters typed into a field or inside a dialog are text, not shortcuts', async ({ page, server }) => {
  await seed(page, server.url);
  const field = column(page, 'To Do').getByLabel('New task in To Do');
  await field.click();
  await page.keyboard.type('jkxcalpsdz?');
  await page.keyboard.press('ArrowDown');
  await expect(field).toHaveValue('jkxcalpsdz?');
  await expect(cursorCard(page)).toHaveCount(0);
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // In the task panel (a dialog beside the board), on a button rather than a field: still the panel's.
  await select(page, 'Alpha');
  await page.keyboard.press('Enter');
  const panel = page.getByRole('dialog', { name: 'Task details' });
  await expect(panel).toBeVisible();
  await panel.getByRole('button', { name: 'Close task details' }).focus();
  await page.keyboard.press('a');
  await page.keyboard.press('?');
  await expect(picker(page, 'Assignee')).toHaveCount(0);
  await expect(overlay(page)).toHaveCount(0);

  // In the palette (modal), J is typed, not a move.
  await page.keyboard.press('ControlOrMeta+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await page.keyboard.press('j');
  await expect(palette.getByRole('combobox')).toHaveValue('j');
  await page.keyboard.press('Escape');
  await expect(palette).toHaveCount(0);
});

test('marked tasks change together in one step, and one undo takes it all back', async ({ page, server }) => {
  await seed(page, server.url);
  await select(page, 'Alpha');
  await page.keyboard.press('x');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('x');
  await page.keyboard.press('k');
  await expect(page.locator('li.task-item[data-selected]')).toHaveCount(2);

  await page.keyboard.press('p');
  await choose(page, 'Priority', 'highest', 'Highest');
  await expect(priorityIcon(page, 'Alpha', 'Highest')).toBeVisible();
  await expect(priorityIcon(page, 'Delta', 'Highest')).toBeVisible();
  await expect(priorityIcon(page, 'Beta', 'Highest')).toHaveCount(0);

  await page.keyboard.press('s');
  await choose(page, 'Status', 'done', 'Done');
  await expect.poll(() => titlesIn(page, 'Done')).toEqual(['Alpha', 'Delta']);

  // One undo: both back where they were; another: both back to no priority.
  await page.keyboard.press('z');
  await expect(taskIn(page, 'To Do', 'Alpha')).toBeVisible();
  await expect(taskIn(page, 'In Progress', 'Delta')).toBeVisible();
  await page.keyboard.press('z');
  await expect(page.getByRole('img', { name: 'Priority: Highest' })).toHaveCount(0);
});
