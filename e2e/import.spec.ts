/**
 * Issue 15: an admin imports a Trello board export through the UI (preview, a column chosen for a
 * list, confirm, report) and the board shows its cards in the mapped columns; a title with markup
 * is shown as text and never runs; the board's filter rides along into "Export CSV".
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { column, openBoard, taskIn } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

const TRELLO = resolve(import.meta.dirname, '../server/test/fixtures/imports/trello-board.json');
const SCRIPT_TITLE =
  '<script>window.__pwned = true</script><img src=x onerror="window.__pwned = true"> Fix login redirect';

test('a Trello board is imported with a preview and a chosen column; its cards land in the mapped columns', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await page.getByRole('button', { name: 'Import project' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a project' });
  await expect(dialog.getByRole('radio', { name: 'Trello board (JSON export)' })).toBeChecked();
  await dialog.getByLabel('File').setInputFiles(TRELLO);
  await dialog.getByRole('button', { name: 'Preview' }).click();

  await expect(dialog).toContainText('6 tasks, 5 checklist items and 3 comments');
  await expect(dialog.getByLabel('Project name')).toHaveValue('Website Relaunch');
  await expect(dialog.getByLabel('Column for Doing')).toHaveValue('In Progress');
  await expect(dialog.getByLabel('Column for Review')).toHaveValue('Review');
  // Review goes with Doing, into In Progress.
  await dialog.getByLabel('Column for Review').selectOption('In Progress');
  await dialog.getByText('6 notes: skipped or changed').click();
  await expect(dialog).toContainText('nO9pQ1rS: archived card');
  await expect(dialog).toContainText(
    'aB3dE5fG: assignee Ann Archer is not a member of this workspace: left unassigned',
  );
  await dialog.getByRole('button', { name: 'Import 6 tasks' }).click();

  await expect(dialog.getByRole('status')).toContainText(
    'Imported 6 tasks into “Website Relaunch” (Backlog, To Do, In Progress, Done)',
  );
  await dialog.getByRole('button', { name: 'Open Website Relaunch' }).click();
  await expect(dialog).toBeHidden();

  const expected: [string, string[]][] = [
    ['Backlog', ['Set up analytics', 'Set up analytics (second try)']],
    ['To Do', ['Design the landing page']],
    ['In Progress', [SCRIPT_TITLE, 'Write release notes']],
    ['Done', ['Launch checklist']],
  ];
  const check = async () => {
    for (const [name, titles] of expected) {
      for (const title of titles) await expect(taskIn(page, name, title)).toBeVisible();
      await expect(column(page, name).getByRole('article')).toHaveCount(titles.length);
    }
    // The markup is the title's text: shown as typed, never run.
    await expect(taskIn(page, 'In Progress', SCRIPT_TITLE)).toContainText(
      '<script>window.__pwned = true</script>',
    );
    expect(await page.evaluate(() => (window as { __pwned?: boolean }).__pwned)).toBeUndefined();
  };
  await check();
  await page.reload();
  await check();

  // The filter bar's search rides along into the export.
  await page.getByRole('searchbox', { name: 'Search tasks by title or key' }).fill('analytics');
  await expect(column(page, 'Backlog').getByRole('article')).toHaveCount(2);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^[A-Z0-9]+-tasks\.csv$/);
  const csv = readFileSync((await file.path()) as string, 'utf8');
  const lines = csv.trim().split('\r\n');
  expect(lines[0]).toBe('key,title,status,priority,assignee,labels,sprint,estimate,due,created,description');
  expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual([
    'Set up analytics',
    'Set up analytics (second try)',
  ]);
});
