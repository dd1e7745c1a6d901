/**
 * A session that ends while the board is open (here: revoked on the server, as an admin or a
 * logout elsewhere would) never loses local edits: the app says "Sign in again to sync", keeps
 * working on the local copy, and after signing in again as the same person the edits reach the server.
 */
import { api, apiAddMember, apiLogin, person, signIn } from './fixtures/auth.ts';
import { addTask, openBoard, syncStatus, taskIn } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

test('an ended session keeps local edits, which sync after signing in again', async ({
  browser,
  context,
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', 'Before');
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');

  // End this browser's session on the server with its own refresh cookie (what logout does).
  const cookie = (await context.cookies()).find((c) => c.name === 'tf_refresh');
  if (!cookie) throw new Error('no refresh cookie');
  const response = await fetch(`${server.url}/api/v1/auth/logout`, {
    method: 'POST',
    headers: { Cookie: `tf_refresh=${cookie.value}` },
  });
  expect(response.status).toBe(204);

  const banner = page.getByRole('alert').filter({ hasText: 'Sign in again to sync' });
  await expect(banner).toBeVisible({ timeout: 10_000 });
  // Still usable: the edit is kept locally and counted as waiting.
  await addTask(page, 'To Do', 'While signed out');
  await expect(syncStatus(page)).toHaveAccessibleName(/changes? waiting/);

  // Not on the server: a colleague does not see it.
  await apiAddMember(server.url, person('Ada'), person('Bea'), 'viewer');
  const other = await browser.newContext();
  try {
    const bea = await other.newPage();
    await signIn(bea, server.url, person('Bea'));
    await expect(taskIn(bea, 'To Do', 'Before')).toBeVisible();
    await expect(taskIn(bea, 'To Do', 'While signed out')).toHaveCount(0);

    await banner.getByRole('link', { name: 'Sign in again' }).click();
    await expect(page.getByLabel('Email')).toHaveValue(person('Ada').email);
    await signIn(page, server.url, person('Ada'), null);
    await expect(page).toHaveURL(/\/w\/default$/);
    await expect(taskIn(page, 'To Do', 'While signed out')).toBeVisible();
    await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server', {
      timeout: 10_000,
    });
    await expect(banner).toHaveCount(0);
    await expect(taskIn(bea, 'To Do', 'While signed out')).toBeVisible();
  } finally {
    await other.close();
  }
  // The server's own copy has it too.
  const { token } = await apiLogin(server.url, person('Ada'));
  const { tasks } = await api<{ tasks: { title: string }[] }>(server.url, '/projects/first/tasks', { token });
  expect(tasks.map((t) => t.title)).toContain('While signed out');
});
