/**
 * Issue 14, small things a newcomer hit: the invite page says which workspace and who invited,
 * sign-up from it pre-fills the invited address, Settings leads back to the board and shows the
 * sync state, and a skip link is the first stop of the keyboard.
 */
import { apiInvite, apiLogin, apiSignUp, person } from './fixtures/auth.ts';
import { column, openBoard, syncStatus } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

test('an invitation names its workspace and inviter; sign-up from it pre-fills the invited email', async ({
  page,
  server,
}) => {
  const ada = person('Ada');
  await apiSignUp(server.url, ada);
  const { token } = await apiLogin(server.url, ada);
  const link = await apiInvite(server.url, token, 'default', 'bea@example.test', 'member');

  await page.goto(link);
  await expect(page.getByText(/Ada invited bea@example\.test to the workspace .+ as member/)).toBeVisible();
  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(page.getByLabel('Email')).toHaveValue('bea@example.test');
  await page.getByLabel('Name').fill('Bea');
  await page.getByLabel('Password').fill('Bea has a long password');
  await page.getByRole('button', { name: 'Create account' }).click();

  // Back on the invitation, signed in: it still says what it is for, and accepting works.
  await expect(page.getByText(/Ada invited bea@example\.test/)).toBeVisible();
  await page.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(page.getByRole('status')).toHaveText(/now a member of .+ with the role Member/);

  // A used link says so before anyone tries it.
  await page.goto(link);
  await expect(page.getByText(/already used or has expired/)).toBeVisible();
});

test('Settings shows the sync state and leads back to the board', async ({ page, server }) => {
  await openBoard(page, server.url, 'Ada');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');
  await page.context().setOffline(true);
  await expect(syncStatus(page)).toHaveAccessibleName(/Sync status: Offline/);
  await page.context().setOffline(false);
  await page.getByRole('link', { name: /Back to/ }).click();
  await expect(column(page, 'To Do')).toBeVisible();
});

test('the first Tab stop is "Skip to main content", and it moves focus past the header', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await page.locator('body').focus();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main-content')).toBeFocused();
  // The next Tab lands in the page, not back in the header.
  await page.keyboard.press('Tab');
  const inHeader = await page.evaluate(() => Boolean(document.activeElement?.closest('header.app-header')));
  expect(inHeader).toBe(false);
});
