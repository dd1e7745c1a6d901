/**
 * Issue 15: an owner exports the workspace from its members page (a file download) and someone
 * else imports that file from the home page: a new workspace opens with the same board, and it is
 * still there after a reload. A script in a title arrives as text.
 */
import { readFile } from 'node:fs/promises';
import { person, signUp } from './fixtures/auth.ts';
import { addTask, openBoard, syncStatus, taskIn } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

const SCRIPT_TITLE = '<img src=x onerror="window.__pwned=1">';

test('export a workspace as a file, import it as a new workspace, same board', async ({
  others,
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', 'Write the plan');
  await addTask(page, 'To Do', SCRIPT_TITLE);
  await expect(syncStatus(page)).toHaveAccessibleName(/Saved on the server/);

  await page.getByRole('link', { name: 'Members' }).click();
  const section = page.getByRole('region', { name: 'Export' });
  const downloading = page.waitForEvent('download');
  await section.getByRole('button', { name: 'Export workspace' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^taskflow-.*-\d{4}-\d\d-\d\d\.json$/);
  const file = await download.path();
  const archive = JSON.parse(await readFile(file, 'utf8'));
  expect(archive).toMatchObject({ format: 'taskflow-workspace', version: 1 });

  // Bea has no workspace of her own yet: the home page offers to create one or import a file.
  const bea = await others.page();
  await signUp(bea, server.url, person('Bea'));
  await bea.getByLabel('Import workspace').setInputFiles(file);
  await expect(taskIn(bea, 'To Do', 'Write the plan')).toBeVisible();
  await expect(taskIn(bea, 'To Do', SCRIPT_TITLE)).toBeVisible();
  const imported = bea.url();
  expect(imported).not.toContain(archive.source.workspaceId);
  await bea.reload();
  await expect(taskIn(bea, 'To Do', 'Write the plan')).toBeVisible();
  expect(await bea.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

  // A file that is not an export is refused with a reason, and nothing opens.
  await page.goto(`${server.url}/`);
  await page.getByRole('button', { name: 'New workspace' }).click();
  await page.getByLabel('Import workspace').setInputFiles({
    name: 'board.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ lists: [], cards: [] })),
  });
  await expect(page.getByText(/not a Taskflow workspace export/)).toBeVisible();
});
