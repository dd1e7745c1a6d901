/**
 * Issue 14, "Accessibility": axe-core on every page, 0 serious or critical violations, in the
 * light and the dark theme. Each page is visited as a person reaches it, with real content on it
 * (tasks, a sprint, a comment, a notification), so the rules see what people see.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { apiInvite, apiLogin, person } from './fixtures/auth.ts';
import { addTask, openBoard, syncStatus, taskIn } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

type Finding = { id: string; impact: string | null | undefined; help: string; targets: string[] };

/** Serious and critical violations on the page as it is now (moderate and minor are reported, not failed). */
async function seriousViolations(page: Page): Promise<Finding[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
}

/** The text a datetime-local field shows for an instant, in the page's time zone. */
async function localInputText(page: Page, at: number): Promise<string> {
  return page.evaluate((instant) => {
    const input = document.createElement('input');
    input.type = 'datetime-local';
    input.step = '0.001';
    // valueAsNumber reads the wall-clock fields as if they were UTC: shift by the local offset.
    input.valueAsNumber = instant - new Date(instant).getTimezoneOffset() * 60_000;
    return input.value;
  }, at);
}

async function expectClean(page: Page, what: string): Promise<void> {
  // Let the page settle (fonts, live data) so axe judges what a person sees.
  await page.waitForLoadState('networkidle').catch(() => undefined);
  expect(await seriousViolations(page), `${what}: serious or critical axe violations`).toEqual([]);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`every page has no serious or critical axe violations (${scheme})`, async ({ page, server }) => {
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`${server.url}/signin`);
    await expectClean(page, 'sign-in');
    await page.goto(`${server.url}/signup`);
    await expectClean(page, 'sign-up');
    await page.goto(`${server.url}/no/such/page`);
    await expectClean(page, 'not found');

    await openBoard(page, server.url, 'Ada');
    await addTask(page, 'To Do', 'Write the spec');
    await addTask(page, 'To Do', 'Review the spec');
    await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');
    await expectClean(page, 'board');
    // Both tasks are on the server before this instant: the history view shows them as of it.
    const moment = await page.evaluate(() => Date.now());

    await taskIn(page, 'To Do', 'Write the spec')
      .getByRole('button', { name: 'Open Write the spec' })
      .click();
    const panel = page.getByRole('dialog', { name: 'Task details' });
    await panel.getByLabel('Description').fill('Number every rule.');
    await panel.getByLabel('Description').press('Tab');
    await expectClean(page, 'task panel');
    await panel.getByRole('button', { name: 'Close task details' }).click();

    await page.keyboard.press('Control+k');
    await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
    await page.keyboard.type('spec');
    await expectClean(page, 'command palette');
    await page.keyboard.press('Escape');

    // History: the board as of a past moment, a task opened from it, and the restore confirmation.
    await page.getByRole('button', { name: 'View as of…' }).click();
    await expectClean(page, 'board with the history picker');
    await page.getByLabel('View the board as of').fill(await localInputText(page, moment));
    await page.getByRole('button', { name: 'View', exact: true }).click();
    const past = page.getByRole('region', { name: /^Board as of / });
    await expect(taskIn(page, 'To Do', 'Review the spec')).toBeVisible();
    await expect(past).toBeVisible();
    await expectClean(page, 'board as of a past moment');
    await past.getByRole('button', { name: 'Open Write the spec as it was' }).click();
    const pastTask = page.getByRole('dialog', { name: /^Write the spec as of / });
    await expect(pastTask).toBeVisible();
    await expectClean(page, 'task as of a past moment');
    await pastTask.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(pastTask).toHaveCount(0);
    await page.getByRole('button', { name: 'Restore to this moment' }).click();
    const restore = page.getByRole('dialog', { name: 'Restore to this moment' });
    await expect(restore).toContainText(/Restore \d+ items? to how/);
    await expectClean(page, 'restore confirmation');
    await restore.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Back to now' }).click();
    await expect(page.getByText('Viewing the board as of')).toHaveCount(0);

    const workspacePath = new URL(page.url()).pathname;
    for (const [name, path] of [
      ['backlog', `${workspacePath}/backlog`],
      ['list', `${workspacePath}/list`],
      ['my work', `${workspacePath}/my-work`],
      ['reports', `${workspacePath}/reports`],
      ['members', `${workspacePath}/members`],
      ['activity', `${workspacePath}/activity`],
      ['settings', '/settings'],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      await expect(page.locator('main')).toBeVisible();
      await expectClean(page, name);
    }

    // An invitation, as the invited person sees it before signing in.
    const { token } = await apiLogin(server.url, person('Ada'));
    const workspaceId = decodeURIComponent(workspacePath.split('/')[2] ?? '');
    const link = await apiInvite(server.url, token, workspaceId, 'bea@example.test', 'member');
    await page.context().clearCookies();
    await page.goto(link);
    await expect(page.getByText(/invited bea@example\.test/)).toBeVisible();
    await expectClean(page, 'invitation');
    // An email's unsubscribe link, signed out, here one the server no longer knows (it says so).
    await page.goto(`${server.url}/unsubscribe?token=no-such-token`);
    await expect(page.getByRole('heading', { name: 'Unsubscribe' })).toBeVisible();
    await expect(page.getByRole('alert')).toBeVisible();
    await expectClean(page, 'unsubscribe');
  });
}
