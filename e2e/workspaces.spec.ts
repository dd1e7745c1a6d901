/**
 * Issue 3, must show 6: a person signs up, creates a workspace and invites a colleague with a copied
 * link; the colleague signs up in a second browser, accepts, and both edit one board live. A viewer
 * in a third browser sees the changes and cannot change anything. After that sign-in the app
 * reopens offline with its data.
 */
import type { Browser, Page } from '@playwright/test';
import { apiSignUp, person, signIn, signUp } from './fixtures/auth.ts';
import {
  addTask,
  anyTask,
  column,
  dragTask,
  syncStatus,
  taskIn,
  waitForServiceWorker,
} from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

const WITHIN_A_SECOND = { timeout: 1_000 };

/** On the members page: invites `email` with `role` and returns the link the page shows. */
async function invite(page: Page, email: string, role: string): Promise<string> {
  const form = page.getByRole('region', { name: 'Invite people' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Role').selectOption(role);
  await form.getByRole('button', { name: 'Create invitation' }).click();
  const link = form.getByLabel('Invitation link');
  await expect(link).toHaveValue(/\/invite\/.+/);
  await expect(page.getByRole('region', { name: 'Pending invitations' })).toContainText(email);
  return link.inputValue();
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

test('sign up, create a workspace, invite by link, edit one board live; a viewer only watches; reopen offline', async ({
  browser,
  context,
  page,
  server,
}) => {
  test.setTimeout(150_000);
  const ada = person('Ada');
  const bea = person('Bea');
  const cy = person('Cy');

  // Ada signs up (as the first account she also owns the built-in workspace) and creates "Acme".
  await signUp(page, server.url, ada);
  await page.getByRole('button', { name: 'New workspace' }).click();
  await page.getByLabel('Workspace name').fill('Acme');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page).toHaveURL(/\/w\/(?!default$)[^/]+$/);
  const acmeUrl = page.url();
  await expect(page.getByLabel('Workspace').locator('option:checked')).toHaveText('Acme');
  // The server seeds a new workspace's first project; the board shows it once synced.
  await expect(column(page, 'To Do')).toBeVisible();

  // Ada invites Bea as a member and copies the link.
  await page.getByRole('link', { name: 'Members' }).click();
  await expect(page.getByRole('row', { name: 'Ada' })).toContainText('Owner');
  const beaLink = await invite(page, bea.email, 'member');
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(beaLink);
  const cyLink = await invite(page, cy.email, 'viewer');

  // Bea opens the link in her own browser, signs up, comes back to the invitation and accepts.
  const beaPage = await newPage(browser);
  try {
    await beaPage.goto(beaLink);
    await beaPage.getByRole('link', { name: 'Create an account' }).click();
    await signUp(beaPage, server.url, bea, null);
    await expect(beaPage).toHaveURL(beaLink);
    await beaPage.getByRole('button', { name: 'Accept invitation' }).click();
    await expect(beaPage.getByRole('status')).toHaveText(/member of Acme with the role Member/);
    await beaPage.getByRole('button', { name: 'Open the board' }).click();
    await expect(beaPage).toHaveURL(acmeUrl);
    await expect(column(beaPage, 'To Do')).toBeVisible();

    // Both edit the one board, live.
    await page.getByRole('link', { name: 'Board' }).click();
    await addTask(page, 'To Do', 'Plan the launch');
    await expect(taskIn(beaPage, 'To Do', 'Plan the launch')).toBeVisible(WITHIN_A_SECOND);
    await dragTask(beaPage, 'Plan the launch', 'In Progress');
    await expect(taskIn(page, 'In Progress', 'Plan the launch')).toBeVisible(WITHIN_A_SECOND);
    await addTask(beaPage, 'To Do', 'Book the venue');
    await expect(taskIn(page, 'To Do', 'Book the venue')).toBeVisible(WITHIN_A_SECOND);
    // Each sees who made what: names come from the accounts.
    await page.getByRole('button', { name: 'Open Book the venue' }).click();
    await expect(page.getByRole('dialog', { name: 'Task details' })).toContainText('by Bea');
    await page.getByRole('button', { name: 'Close task details' }).click();

    // Cy already has an account; he signs in from the link and accepts as a viewer.
    await apiSignUp(server.url, cy);
    const cyPage = await newPage(browser);
    await cyPage.goto(cyLink);
    await cyPage.getByRole('link', { name: 'Sign in' }).click();
    await signIn(cyPage, server.url, cy, null);
    await cyPage.getByRole('button', { name: 'Accept invitation' }).click();
    await expect(cyPage.getByRole('status')).toHaveText(/member of Acme with the role Viewer/);
    await cyPage.getByRole('button', { name: 'Open the board' }).click();
    await expect(taskIn(cyPage, 'In Progress', 'Plan the launch')).toBeVisible();
    await expect(cyPage.getByText('View only', { exact: true })).toBeVisible();

    // He sees changes as they happen…
    await dragTask(page, 'Book the venue', 'Done');
    await expect(taskIn(cyPage, 'Done', 'Book the venue')).toBeVisible(WITHIN_A_SECOND);
    // …and has no way to change anything.
    await expect(cyPage.getByLabel('New task in To Do')).toHaveCount(0);
    await expect(cyPage.getByRole('button', { name: /^Move / })).toHaveCount(0);
    await expect(cyPage.getByRole('button', { name: /^(Rename|Archive) column/ })).toHaveCount(0);
    await expect(cyPage.getByRole('button', { name: 'New project' })).toHaveCount(0);
    await expect(cyPage.getByLabel('New column name')).toHaveCount(0);
    // A mouse drag does nothing.
    const card = anyTask(cyPage, 'Plan the launch');
    const from = await card.boundingBox();
    const to = await column(cyPage, 'Done').boundingBox();
    if (!from || !to) throw new Error('not on screen');
    await cyPage.mouse.move(from.x + 20, from.y + 10);
    await cyPage.mouse.down();
    await cyPage.mouse.move(to.x + 40, to.y + 80, { steps: 10 });
    await cyPage.mouse.up();
    await expect(taskIn(cyPage, 'In Progress', 'Plan the launch')).toBeVisible();
    await expect(taskIn(page, 'In Progress', 'Plan the launch')).toBeVisible();
    // The task panel is read-only.
    await cyPage.getByRole('button', { name: 'Open Plan the launch' }).click();
    const details = cyPage.getByRole('dialog', { name: 'Task details' });
    await expect(details.getByLabel('Title')).toBeDisabled();
    await expect(details.getByLabel('Description')).not.toBeEditable();
    await expect(details.getByLabel('Priority')).toBeDisabled();
    await expect(details.getByRole('button', { name: 'Archive task' })).toHaveCount(0);
    await details.getByRole('button', { name: 'Close task details' }).click();
    // No admin controls for him on the members page.
    await cyPage.getByRole('link', { name: 'Members' }).click();
    await expect(cyPage.getByRole('row', { name: 'Cy' })).toContainText('Viewer');
    await expect(cyPage.getByRole('button', { name: 'Create invitation' })).toHaveCount(0);
    await expect(cyPage.getByRole('button', { name: /^Remove / })).toHaveCount(0);
    await expect(cyPage.getByRole('combobox', { name: /^Role of / })).toHaveCount(0);
    await cyPage.context().close();
  } finally {
    await beaPage.context().close();
  }

  // After one sign-in, Ada's app opens with the server down: the app, her workspaces, her board.
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');
  await waitForServiceWorker(page);
  await server.stop();
  await expect(syncStatus(page)).toHaveAccessibleName(/Sync status: Offline/);
  const reload = await page.reload();
  expect(reload?.fromServiceWorker()).toBe(true);
  await expect(taskIn(page, 'In Progress', 'Plan the launch')).toBeVisible();
  await expect(taskIn(page, 'Done', 'Book the venue')).toBeVisible();
  const names = page.getByLabel('Workspace').locator('option');
  await expect.poll(async () => (await names.allTextContents()).sort()).toEqual(['Acme', 'My workspace']);
  await expect(syncStatus(page)).toHaveAccessibleName(/Sync status: Offline/);
  await addTask(page, 'To Do', 'Written offline');
  await server.start();
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server', {
    timeout: 15_000,
  });
});
