/**
 * Issue 14, "Find": the filter bar, saved views and My work. A filter lives in the address (a
 * reload and Back keep it, a link shares it); a shared view shows another person the same filter
 * and the same cards, a personal one is not listed for them; the due buckets follow the calendar;
 * My work lists my open tasks of every project, overdue first, undated last.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { createProject, createTask, FIRST_PROJECT_ID, type NewTask, readBoard } from '@taskflow/model';
import { apiAddMember, apiLogin, person, signIn } from './fixtures/auth.ts';
import { anyTask, column, openBoard } from './fixtures/board.ts';
import { connectSeedClient, type SeedClient } from './fixtures/seed-client.ts';
import { expect, test } from './fixtures/test.ts';

// "Today" is the browser's day: the test computes it in the same zone.
test.use({ timezoneId: 'UTC' });

const DAY = 86_400_000;
/** The day `offset` days from `from` (default: now), in UTC like the browser's zone above. */
const day = (offset: number, from = Date.now()) => new Date(from + offset * DAY).toISOString().slice(0, 10);
/** Days from `from`'s day to the Sunday that ends its week (0 on a Sunday). */
const toSunday = (from: number) => (7 - new Date(from).getUTCDay()) % 7;

async function seed(server: { url: string }, tasks: (client: SeedClient) => NewTask[]): Promise<SeedClient> {
  const ada = await apiLogin(server.url, person('Ada'));
  const client = await connectSeedClient(server.url, { token: ada.token, actorId: ada.userId });
  for (const task of tasks(client)) createTask(client.doc, client.editor, task);
  await client.acked();
  return client;
}

/** No serious or critical axe violations on the page as it is now (light and dark). */
async function expectAxeClean(page: Page, what: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious, `${what} (${colorScheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: null });
}

function facet(page: Page, name: string): Locator {
  return page.getByRole('button', { name: new RegExp(`^${name}(:|$)`) });
}

/** Opens a facet's menu, sets its checkboxes, and closes it again with Escape. */
async function choose(page: Page, name: string, options: Record<string, boolean>): Promise<void> {
  await facet(page, name).click();
  for (const [label, on] of Object.entries(options)) {
    await page.getByRole('checkbox', { name: label, exact: true }).setChecked(on);
  }
  await page.keyboard.press('Escape');
  await expect(page.getByRole('checkbox', { name: Object.keys(options)[0], exact: true })).toHaveCount(0);
}

/** Exactly these cards are on the board (of the given candidates), the rest hidden. */
async function showsOnly(page: Page, all: readonly string[], shown: readonly string[]): Promise<void> {
  for (const title of all) await expect(anyTask(page, title)).toHaveCount(shown.includes(title) ? 1 : 0);
}

const TITLES = [
  'Fix login crash',
  'Write release notes',
  'Polish login page',
  'Plan next sprint',
  'Login audit',
];

test('a filter in the address survives a reload and Back; a shared view shows a colleague the same cards', async ({
  page,
  server,
  others,
}) => {
  await openBoard(page, server.url, 'Ada');
  await apiAddMember(server.url, person('Ada'), person('Bob'), 'member');
  const bob = await apiLogin(server.url, person('Bob'));
  const ada = await apiLogin(server.url, person('Ada'));
  const client = await seed(server, () => {
    const p = FIRST_PROJECT_ID;
    return [
      { projectId: p, title: 'Fix login crash', assignee: ada.userId, labels: ['bug'], deadline: day(-2) },
      {
        projectId: p,
        title: 'Write release notes',
        assignee: bob.userId,
        labels: ['docs'],
        deadline: day(0),
      },
      { projectId: p, title: 'Polish login page', assignee: ada.userId, labels: ['ui'] },
      { projectId: p, title: 'Plan next sprint' },
      { projectId: p, title: 'Login audit', assignee: ada.userId, labels: ['bug'], deadline: day(30) },
    ];
  });
  client.destroy();
  await showsOnly(page, TITLES, TITLES);

  // Text, then assignee "me" and a label: each lands in the address.
  await page.getByLabel('Search tasks by title or key').fill('login');
  await expect(page).toHaveURL(/[?&]q=login/);
  await showsOnly(page, TITLES, ['Fix login crash', 'Polish login page', 'Login audit']);
  await expect(page.getByText('3 of 5', { exact: true })).toBeVisible();
  await choose(page, 'Assignee', { Me: true });
  await choose(page, 'Labels', { bug: true });
  await expect(page).toHaveURL(/assignee=me/);
  await expect(page).toHaveURL(/label=bug/);
  const filtered = ['Fix login crash', 'Login audit'];
  await showsOnly(page, TITLES, filtered);
  await expect(page.getByText('2 of 5', { exact: true })).toBeVisible();

  // A reload keeps the filter, the field and the cards.
  await page.reload();
  await expect(column(page, 'To Do')).toBeVisible();
  await expect(page.getByLabel('Search tasks by title or key')).toHaveValue('login');
  await showsOnly(page, TITLES, filtered);

  // Back takes the label off again (and only that); Forward puts it back.
  await page.goBack();
  await expect(page).not.toHaveURL(/label=bug/);
  await showsOnly(page, TITLES, ['Fix login crash', 'Polish login page', 'Login audit']);
  await page.goForward();
  await showsOnly(page, TITLES, filtered);

  // Opening a card and closing its panel comes back to the board as filtered.
  const panel = page.getByRole('dialog', { name: 'Task details' });
  await anyTask(page, 'Login audit').getByRole('button', { name: 'Open Login audit' }).click();
  await expect(panel.getByLabel('Title')).toHaveValue('Login audit');
  // The board beside the side panel stays filtered, and a reload keeps both.
  await expect(page).toHaveURL(/label=bug/);
  await showsOnly(page, TITLES, filtered);
  await page.reload();
  await expect(panel.getByLabel('Title')).toHaveValue('Login audit');
  await showsOnly(page, TITLES, filtered);
  await panel.getByRole('button', { name: 'Close task details' }).click();
  await expect(panel).toHaveCount(0);
  await expect(page).toHaveURL(/label=bug/);
  await showsOnly(page, TITLES, filtered);

  // A view of Ada's overdue bugs, named by her name rather than "me", shared with the project.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).not.toHaveURL(/\?/);
  await showsOnly(page, TITLES, TITLES);
  await choose(page, 'Assignee', { Ada: true });
  await choose(page, 'Labels', { bug: true });
  await choose(page, 'Due', { Overdue: true });
  await showsOnly(page, TITLES, ['Fix login crash']);
  const shared = new URL(page.url()).search;
  await facet(page, 'Views').click();
  await expectAxeClean(page, 'the board with the views menu open');
  await page.getByLabel('Save this filter as').fill('Ada’s overdue bugs');
  await page.getByRole('checkbox', { name: 'Share with the project' }).check();
  await page.getByRole('button', { name: 'Save view' }).click();
  await expect(facet(page, 'Views')).toHaveAccessibleName('Views: Ada’s overdue bugs');
  // And one of her own: "my" tasks without a due date.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await choose(page, 'Assignee', { Me: true });
  await choose(page, 'Due', { 'No due date': true });
  await showsOnly(page, TITLES, ['Polish login page']);
  await facet(page, 'Views').click();
  await page.getByLabel('Save this filter as').fill('My undated');
  await page.getByRole('button', { name: 'Save view' }).click();
  await expect(facet(page, 'Views')).toHaveAccessibleName('Views: My undated');

  // Bob sees the whole board, the shared view but not Ada's personal one.
  const bobPage = await others.page();
  await signIn(bobPage, server.url, person('Bob'));
  await expect(column(bobPage, 'To Do')).toBeVisible();
  await showsOnly(bobPage, TITLES, TITLES);
  await facet(bobPage, 'Views').click();
  await expect(bobPage.getByRole('button', { name: 'Ada’s overdue bugs', exact: true })).toBeVisible();
  await expect(bobPage.getByRole('button', { name: 'My undated', exact: true })).toHaveCount(0);
  await bobPage.getByRole('button', { name: 'Ada’s overdue bugs', exact: true }).click();
  // The same filter in his address, and the same cards.
  expect(new URL(bobPage.url()).search).toBe(shared);
  await showsOnly(bobPage, TITLES, ['Fix login crash']);
  await expect(bobPage.getByText('1 of 5', { exact: true })).toBeVisible();
  // Ada's link itself works for him too.
  await bobPage.goto(`${server.url}/w/default${shared}`);
  await showsOnly(bobPage, TITLES, ['Fix login crash']);
  // The list view reads the same filter from its address.
  await bobPage.goto(`${server.url}/w/default/list${shared}`);
  const table = bobPage.getByRole('table', { name: 'Tasks' });
  await expect(table).toHaveAttribute('aria-rowcount', '2');
  const values = await table
    .getByRole('textbox')
    .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
  expect(values).toContain('Fix login crash');
  await expect(bobPage.getByText('1 of 5', { exact: true })).toBeVisible();
});

test('due filters: overdue, today, this week and none, alone and combined', async ({ page, server }) => {
  // The buckets follow the page's "today", which moves on at midnight (the filter re-reads the clock
  // every minute): the page's clock stands at one instant for the whole test (its timers still run)
  // and the deadlines derive from that instant, so a run across midnight sees the same days.
  const now = Date.now();
  await page.clock.setFixedTime(now);
  await openBoard(page, server.url, 'Ada');
  const p = FIRST_PROJECT_ID;
  const tasks = {
    'Was due yesterday': day(-1, now),
    'Due today': day(0, now),
    'Due on Sunday': day(toSunday(now), now),
    'Due next Monday': day(toSunday(now) + 1, now),
    'No date at all': null,
  };
  const titles = Object.keys(tasks);
  const client = await seed(server, () =>
    Object.entries(tasks).map(([title, deadline]) => ({ projectId: p, title, deadline })),
  );
  client.destroy();
  await showsOnly(page, titles, titles);

  await choose(page, 'Due', { Overdue: true });
  await expect(page).toHaveURL(/due=overdue/);
  await showsOnly(page, titles, ['Was due yesterday']);
  await choose(page, 'Due', { Overdue: false, 'Due today': true });
  // On a Sunday the week ends today: that card is due today as well.
  await showsOnly(page, titles, toSunday(now) === 0 ? ['Due today', 'Due on Sunday'] : ['Due today']);
  await choose(page, 'Due', { 'Due today': false, 'Due this week': true });
  await showsOnly(page, titles, ['Due today', 'Due on Sunday']);
  await choose(page, 'Due', { 'Due this week': false, 'No due date': true });
  await showsOnly(page, titles, ['No date at all']);
  await choose(page, 'Due', { Overdue: true });
  await showsOnly(page, titles, ['Was due yesterday', 'No date at all']);
  await expect(page.getByText('2 of 5', { exact: true })).toBeVisible();
  await facet(page, 'Due').click();
  await expectAxeClean(page, 'the board with a filter menu open');
  await page.keyboard.press('Escape');
  // Escape gives focus back to the menu's button.
  await expect(facet(page, 'Due')).toBeFocused();
  // A bad value in a hand-edited link is dropped; the rest of the filter still applies.
  await page.goto(`${server.url}/w/default?due=someday&due=overdue&priority=urgent`);
  await showsOnly(page, titles, ['Was due yesterday']);
});

test('type and priority filters, alone and combined, are in the address and survive a reload', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  const p = FIRST_PROJECT_ID;
  const tasks: NewTask[] = [
    { projectId: p, title: 'Crash on save', type: 'bug', priority: 'high' },
    { projectId: p, title: 'Typo on the home page', type: 'bug', priority: 'low' },
    { projectId: p, title: 'Export to CSV', type: 'story', priority: 'high' },
    { projectId: p, title: 'Tidy the backlog', priority: 'high' },
  ];
  const titles = tasks.map((t) => t.title);
  const client = await seed(server, () => tasks);
  client.destroy();
  await showsOnly(page, titles, titles);

  await choose(page, 'Type', { Bug: true });
  await expect(page).toHaveURL(/type=bug/);
  await showsOnly(page, titles, ['Crash on save', 'Typo on the home page']);
  await choose(page, 'Priority', { High: true });
  await expect(page).toHaveURL(/priority=high/);
  await showsOnly(page, titles, ['Crash on save']);
  // A task without a type is a task.
  await choose(page, 'Type', { Bug: false, Task: true });
  await showsOnly(page, titles, ['Tidy the backlog']);
  await page.reload();
  await expect(column(page, 'To Do')).toBeVisible();
  await showsOnly(page, titles, ['Tidy the backlog']);
  await expect(facet(page, 'Type')).toHaveAccessibleName(/Task/);
});

test('My work: my open tasks of every project, overdue first, undated last; a click opens the task', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await apiAddMember(server.url, person('Ada'), person('Bob'), 'member');
  const bob = await apiLogin(server.url, person('Bob'));
  const ada = await apiLogin(server.url, person('Ada'));
  const client = await seed(server, (c) => {
    const ops = createProject(c.doc, c.editor, { name: 'Operations', key: 'OPS' }).id;
    const web = FIRST_PROJECT_ID;
    const done = readBoard(c.doc, web)?.columns.at(-1)?.id;
    const me = ada.userId;
    return [
      { projectId: web, title: 'Undated chore', assignee: me },
      { projectId: ops, title: 'Overdue report', assignee: me, deadline: day(-3) },
      { projectId: web, title: 'Due tomorrow', assignee: me, deadline: day(1) },
      { projectId: ops, title: 'Slightly overdue', assignee: me, deadline: day(-1) },
      { projectId: ops, title: 'Bob’s deadline', assignee: bob.userId, deadline: day(-5) },
      { projectId: web, title: 'Already done', assignee: me, deadline: day(-9), columnId: done },
      { projectId: web, title: 'Nobody’s', deadline: day(-9) },
    ];
  });
  client.destroy();

  await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'My work' }).click();
  await expect(page).toHaveURL(/\/w\/default\/my-work$/);
  const list = page.getByRole('list', { name: 'My tasks by due date' });
  const rows = list.getByRole('listitem');
  await expect(rows).toHaveCount(4);
  const order = ['Overdue report', 'Slightly overdue', 'Due tomorrow', 'Undated chore'];
  for (const [i, title] of order.entries()) await expect(rows.nth(i)).toContainText(title);
  await expect(rows.nth(0)).toContainText('Overdue');
  await expect(rows.nth(0)).toContainText('Operations');
  await expect(rows.nth(3)).toContainText('No due date');
  await expectAxeClean(page, 'My work');

  await rows.nth(0).getByRole('link').click();
  await expect(page).toHaveURL(/\/w\/default\/browse\/OPS-\d+$/);
  await expect(page.getByRole('dialog', { name: 'Task details' }).getByLabel('Title')).toHaveValue(
    'Overdue report',
  );
});
