/**
 * The members page beyond inviting: revoking an invitation (its link then fails with a clear
 * message), an invitation used by the wrong account, the sole owner not offered leaving, a member
 * leaving; and a new account's empty start.
 */
import { apiInvite, apiLogin, apiSignUp, person, signIn, signUp } from './fixtures/auth.ts';
import { column } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

test('a new account starts empty, creates a workspace, and manages its invitations and members', async ({
  browser,
  page,
  server,
}) => {
  // Someone else is the first account (and owns the built-in workspace), so Ada starts with nothing.
  await apiSignUp(server.url, person('Zed'));
  const ada = person('Ada');
  await signUp(page, server.url, ada);
  await expect(page.getByRole('heading', { name: 'Create your first workspace' })).toBeVisible();
  await page.getByLabel('Workspace name').fill('Studio');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(column(page, 'To Do')).toBeVisible();
  const workspaceId = new URL(page.url()).pathname.split('/')[2] ?? '';

  await page.getByRole('link', { name: 'Members' }).click();
  const form = page.getByRole('region', { name: 'Invite people' });
  await form.getByLabel('Email').fill('not an email');
  await form.getByRole('button', { name: 'Create invitation' }).click();
  // The browser's own check stops it; no invitation exists.
  await expect(page.getByRole('region', { name: 'Pending invitations' })).toContainText(
    'No pending invitations',
  );

  // Revoked: the link no longer works, and says so.
  await form.getByLabel('Email').fill('bea@example.test');
  await form.getByRole('button', { name: 'Create invitation' }).click();
  const link = await form.getByLabel('Invitation link').inputValue();
  await page.getByRole('button', { name: 'Revoke invitation for bea@example.test' }).click();
  await expect(page.getByRole('region', { name: 'Pending invitations' })).toContainText(
    'No pending invitations',
  );

  const beaContext = await browser.newContext();
  try {
    const bea = await beaContext.newPage();
    await apiSignUp(server.url, person('Bea'));
    await signIn(bea, server.url, person('Bea'));
    await bea.goto(link);
    await bea.getByRole('button', { name: 'Accept invitation' }).click();
    await expect(bea.getByRole('alert')).toHaveText(/already used or has expired|does not exist/);

    // An invitation for someone else's address cannot be taken.
    const { token } = await apiLogin(server.url, ada);
    const forCy = await apiInvite(server.url, token, workspaceId, 'cy@example.test', 'member');
    await bea.goto(forCy);
    await bea.getByRole('button', { name: 'Accept invitation' }).click();
    await expect(bea.getByRole('alert')).toHaveText(/sent to another email address/);

    // Her own invitation works; then she leaves again.
    const forBea = await apiInvite(server.url, token, workspaceId, 'bea@example.test', 'admin');
    await bea.goto(forBea);
    await bea.getByRole('button', { name: 'Accept invitation' }).click();
    await expect(bea.getByRole('status')).toHaveText(/member of Studio with the role Admin/);
    await bea.getByRole('button', { name: 'Open the board' }).click();
    await bea.getByRole('link', { name: 'Members' }).click();
    // As an admin she may invite, but cannot touch the owner.
    await expect(bea.getByRole('button', { name: 'Create invitation' })).toBeVisible();
    await expect(bea.getByRole('button', { name: 'Remove Ada' })).toHaveCount(0);
    bea.once('dialog', (d) => void d.accept());
    await bea.getByRole('button', { name: 'Leave workspace' }).click();
    await expect(bea.getByRole('heading', { name: 'Create your first workspace' })).toBeVisible();
  } finally {
    await beaContext.close();
  }

  // The sole owner is not offered a leave the server would refuse: the button is disabled, with why.
  await page.reload();
  await expect(page.getByRole('row', { name: 'Bea' })).toHaveCount(0);
  const leave = page.getByRole('button', { name: 'Leave workspace' });
  await expect(leave).toBeDisabled();
  await expect(leave).toHaveAccessibleDescription(/only owner/);
  await expect(page.getByRole('row', { name: 'Ada' })).toContainText('Owner');
});
