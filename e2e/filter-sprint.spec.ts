/**
 * Issue 14, "Find": the filter bar's sprint facet on a Scrum project. The list view holds every task
 * of the project, so it shows what the facet picks among two sprints and the backlog; the board
 * (the active sprint's tasks only) reads the same address. Each choice lands in the address,
 * survives a reload, and combines with another facet (priority).
 */
import type { Locator, Page } from '@playwright/test';
import { api, apiLogin, person } from './fixtures/auth.ts';
import { anyTask, column, openBoard, syncStatus } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

type Project = { id: string };

function facet(page: Page, name: string): Locator {
  // The list's column headers are buttons with the same names (they sort).
  return page
    .getByRole('search', { name: 'Filter tasks' })
    .getByRole('button', { name: new RegExp(`^${name}(:|$)`) });
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

/** The list view shows exactly these tasks (any order). */
async function listShows(page: Page, titles: readonly string[]): Promise<void> {
  const table = page.getByRole('table', { name: 'Tasks' });
  // One row per task plus the header row.
  await expect(table).toHaveAttribute('aria-rowcount', String(titles.length + 1));
  const shown = table.getByRole('textbox', { name: /^Title of / });
  await expect(shown).toHaveCount(titles.length);
  const values = await shown.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  expect(values.sort()).toEqual([...titles].sort());
}

/** Exactly these cards are on the board (of the given candidates), the rest hidden. */
async function boardShows(page: Page, all: readonly string[], shown: readonly string[]): Promise<void> {
  for (const title of all) await expect(anyTask(page, title)).toHaveCount(shown.includes(title) ? 1 : 0);
}

test('the sprint filter picks a sprint or the backlog, is in the address, survives a reload and combines with priority', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  const { token } = await apiLogin(server.url, person('Ada'));
  const rest = <T>(path: string, body?: unknown, method?: string) =>
    api<T>(server.url, path, { token, body, ...(method ? { method } : {}) });

  // A Scrum project: Sprint 1 started, Sprint 2 planned, one task left in the backlog.
  const { project } = await rest<{ project: Project }>('/projects/first');
  await rest(`/projects/${project.id}`, { mode: 'scrum' }, 'PATCH');
  const sprint = async (name: string) =>
    (
      await rest<{ sprint: { id: string } }>(`/projects/${project.id}/sprints`, {
        name,
        startDate: '2026-12-07',
        endDate: '2026-12-18',
      })
    ).sprint.id;
  const sprint1 = await sprint('Sprint 1');
  const sprint2 = await sprint('Sprint 2');
  const plan: [string, string | null, 'high' | 'low'][] = [
    ['Login form', sprint1, 'high'],
    ['Password reset', sprint1, 'low'],
    ['Search page', sprint2, 'high'],
    ['Export to CSV', sprint2, 'low'],
    ['Dark theme', null, 'high'],
  ];
  for (const [title, sprintId, priority] of plan) {
    const { task } = await rest<{ task: { id: string } }>('/tasks', {
      projectId: project.id,
      title,
      priority,
    });
    if (sprintId) await rest(`/tasks/${task.id}`, { sprintId }, 'PATCH');
  }
  await rest(`/sprints/${sprint1}/start`, undefined, 'POST');
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');
  const all = plan.map(([title]) => title);

  await page.goto(`${server.url}/w/default/list`);
  await listShows(page, all);

  // One sprint: its tasks only, and its id in the address.
  await choose(page, 'Sprint', { 'Sprint 2': true });
  await expect(page).toHaveURL(new RegExp(`[?&]sprint=${sprint2}(&|$)`));
  await expect(facet(page, 'Sprint')).toHaveAccessibleName('Sprint: Sprint 2');
  await listShows(page, ['Search page', 'Export to CSV']);
  await expect(page.getByText('2 of 5', { exact: true })).toBeVisible();

  // Combined with priority: both must hold.
  await choose(page, 'Priority', { High: true });
  await expect(page).toHaveURL(/[?&]priority=high/);
  await expect(page).toHaveURL(new RegExp(`[?&]sprint=${sprint2}(&|$)`));
  await listShows(page, ['Search page']);

  // A reload keeps both facets and the same rows.
  await page.reload();
  await listShows(page, ['Search page']);
  await expect(facet(page, 'Sprint')).toHaveAccessibleName('Sprint: Sprint 2');
  await expect(facet(page, 'Priority')).toHaveAccessibleName('Priority: High');

  // The backlog is a choice too, and two choices are either one.
  await choose(page, 'Sprint', { 'Sprint 2': false, Backlog: true });
  await expect(page).toHaveURL(/[?&]sprint=backlog/);
  await expect(page).not.toHaveURL(new RegExp(`sprint=${sprint2}`));
  await listShows(page, ['Dark theme']);
  await choose(page, 'Sprint', { 'Sprint 1': true });
  await listShows(page, ['Login form', 'Dark theme']);
  await choose(page, 'Priority', { High: false });
  await listShows(page, ['Login form', 'Password reset', 'Dark theme']);

  // The board shows the active sprint only; the sprint facet narrows that, from its address too.
  await page.goto(`${server.url}/w/default`);
  await expect(column(page, 'To Do')).toBeVisible();
  await boardShows(page, all, ['Login form', 'Password reset']);
  await page.goto(`${server.url}/w/default?sprint=${sprint2}`);
  await expect(column(page, 'To Do')).toBeVisible();
  await expect(facet(page, 'Sprint')).toHaveAccessibleName('Sprint: Sprint 2');
  await boardShows(page, all, []);
  await choose(page, 'Sprint', { 'Sprint 2': false, 'Sprint 1': true });
  await choose(page, 'Priority', { Low: true });
  await expect(page).toHaveURL(new RegExp(`[?&]sprint=${sprint1}(&|$)`));
  await boardShows(page, all, ['Password reset']);
  await page.reload();
  await expect(column(page, 'To Do')).toBeVisible();
  await boardShows(page, all, ['Password reset']);
});
