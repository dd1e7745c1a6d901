/**
 * Issue 11, must-show 4 (the timer part), and time tracking in the task panel: a person's timer
 * started in one browser survives a reload, shows in a second browser signed in as the same person
 * (it lives in the document), is stopped there and becomes a worklog both browsers list. Worklogs
 * are added, edited and deleted, and the time spent and remaining estimate follow; another person
 * sees them without controls.
 */
import type { Locator, Page } from '@playwright/test';
import { person, signIn } from './fixtures/auth.ts';
import { addTask, anyTask, openBoard, syncStatus } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

const SAVED = { timeout: 15_000 };

async function openTask(page: Page, title: string): Promise<Locator> {
  await anyTask(page, title)
    .getByRole('button', { name: `Open ${title}` })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Task details' });
  await expect(dialog.getByLabel('Title')).toHaveValue(title);
  return dialog.getByRole('region', { name: 'Time tracking' });
}

async function closeTask(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Close task details' }).click();
  await expect(page.getByRole('dialog', { name: 'Task details' })).toBeHidden();
}

function runningTimer(page: Page): Locator {
  return page.getByRole('region', { name: 'Running timer' });
}

/** The clock's text as seconds ("00:01:05" → 65). */
async function elapsedSeconds(timer: Locator): Promise<number> {
  const text = (await timer.getByRole('timer', { name: 'Elapsed time' }).textContent()) ?? '';
  const [h, m, s] = text.split(':').map(Number);
  return (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
}

function figure(section: Locator, name: 'Time spent' | 'Time remaining'): Locator {
  return section.getByRole('status', { name, exact: true });
}

test('a timer started in one browser survives a reload and is stopped in another browser of the same person', async ({
  others,
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', 'Write the report');
  const section = await openTask(page, 'Write the report');
  await expect(figure(section, 'Time spent')).toHaveText('0m');
  await section.getByRole('button', { name: 'Start timer' }).click();
  await expect(section.getByRole('button', { name: 'Stop timer' })).toBeVisible();
  await closeTask(page);

  // The header shows it on the board, with the task's key, and it ticks.
  const timer = runningTimer(page);
  await expect(timer).toBeVisible();
  const key = (await timer.getByRole('link').textContent()) ?? '';
  expect(key).toMatch(/^[A-Z][A-Z0-9]*-/);
  await expect.poll(() => elapsedSeconds(timer)).toBeGreaterThanOrEqual(1);
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server', SAVED);

  // A reload keeps it running from the same start (the clock does not begin again at zero).
  const beforeReload = await elapsedSeconds(timer);
  await page.reload();
  await expect(timer).toBeVisible();
  await expect.poll(() => elapsedSeconds(timer)).toBeGreaterThanOrEqual(beforeReload);

  // Another browser, signed in as Ada too, shows the same timer; she stops it there.
  const laptop = await others.page();
  await signIn(laptop, server.url, person('Ada'));
  await openBoard(laptop, server.url);
  const there = runningTimer(laptop);
  await expect(there).toBeVisible(SAVED);
  await expect(there.getByRole('link')).toHaveText(key);
  // It is in the header of every workspace page, not only the board's; she stops it from Members.
  await laptop.getByRole('link', { name: 'Members' }).click();
  await expect(laptop).toHaveURL(/\/members$/);
  await expect(there.getByRole('link')).toHaveText(key);
  await expect.poll(() => elapsedSeconds(there)).toBeGreaterThanOrEqual(2);
  await there.getByRole('button', { name: 'Stop' }).click();
  await expect(there).toBeHidden();
  // Stopped on one device, it is stopped on the other.
  await expect(timer).toBeHidden(SAVED);

  // The elapsed time is a worklog by Ada, in both browsers, and counts as time spent.
  await laptop.getByRole('link', { name: 'Board' }).click();
  for (const p of [laptop, page]) {
    const panel = await openTask(p, 'Write the report');
    const worklog = panel
      .getByRole('list', { name: 'Worklogs' })
      .getByRole('listitem', { name: 'Worklog by Ada' });
    await expect(worklog).toHaveCount(1, SAVED);
    await expect(worklog).toContainText(/Ada logged \d+s/);
    await expect(figure(panel, 'Time spent')).toHaveText(/^\d+s$/);
    await expect(panel.getByRole('button', { name: 'Start timer' })).toBeVisible();
    await closeTask(p);
  }
  await expect(runningTimer(laptop)).toBeHidden();
  await page.reload();
  await expect(anyTask(page, 'Write the report')).toBeVisible();
  await expect(runningTimer(page)).toBeHidden();
});

test('worklogs are added, edited and deleted by their author; time spent and the remaining estimate follow', async ({
  others,
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', 'Review the draft');
  const section = await openTask(page, 'Review the draft');
  await expect(figure(section, 'Time remaining')).toHaveText('Not estimated');

  const estimates = section.getByRole('form', { name: 'Time estimates' });
  await estimates.getByLabel('Original estimate').fill('4h');
  await estimates.getByRole('button', { name: 'Save estimates' }).click();
  await expect(figure(section, 'Time remaining')).toHaveText('4h');
  await expect(estimates.getByLabel('Remaining estimate')).toHaveValue('4h');

  // A worklog counts the remaining estimate down.
  const logForm = section.getByRole('form', { name: 'Log time' });
  await logForm.getByLabel('Time spent').fill('1h 30m');
  await logForm.getByLabel('Note').fill('First pass');
  await logForm.getByRole('button', { name: 'Log time' }).click();
  await expect(figure(section, 'Time spent')).toHaveText('1h 30m');
  await expect(figure(section, 'Time remaining')).toHaveText('2h 30m');
  await expect(section.getByRole('img', { name: '1h 30m logged, 2h 30m remaining' })).toBeVisible();
  await expect(logForm.getByLabel('Time spent')).toHaveValue('');

  // Unreadable durations are refused with a message, and nothing is logged.
  await logForm.getByLabel('Time spent').fill('a while');
  await logForm.getByRole('button', { name: 'Log time' }).click();
  await expect(logForm.getByRole('alert')).toContainText('Time spent: Write a duration like 1h 30m');
  await expect(figure(section, 'Time spent')).toHaveText('1h 30m');

  // Editing my worklog changes what is spent and what remains.
  const worklogs = section.getByRole('list', { name: 'Worklogs' });
  await worklogs
    .getByRole('listitem')
    .filter({ hasText: 'First pass' })
    .getByRole('button', { name: 'Edit' })
    .click();
  const editForm = section.getByRole('form', { name: 'Edit worklog' });
  await expect(editForm.getByLabel('Time spent')).toHaveValue('1h 30m');
  await editForm.getByLabel('Time spent').fill('2h');
  await editForm.getByRole('button', { name: 'Save worklog' }).click();
  await expect(editForm).toBeHidden();
  await expect(figure(section, 'Time spent')).toHaveText('2h');
  await expect(figure(section, 'Time remaining')).toHaveText('2h');
  await expect(worklogs.getByRole('listitem').filter({ hasText: 'First pass' })).toContainText(
    'Ada logged 2h',
  );

  // A second worklog that sets the remaining estimate instead of counting it down.
  await logForm.getByLabel('Time spent').fill('30m');
  await logForm.getByLabel('Note').fill('Second pass');
  await logForm.getByLabel('Set remaining to').fill('1h');
  await logForm.getByRole('button', { name: 'Log time' }).click();
  await expect(figure(section, 'Time spent')).toHaveText('2h 30m');
  await expect(figure(section, 'Time remaining')).toHaveText('1h');
  await expect(worklogs.getByRole('listitem')).toHaveCount(2);

  // Deleting a worklog takes its time off what is spent.
  await worklogs
    .getByRole('listitem')
    .filter({ hasText: 'First pass' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(worklogs.getByRole('listitem')).toHaveCount(1);
  await expect(figure(section, 'Time spent')).toHaveText('30m');
  await expect(figure(section, 'Time remaining')).toHaveText('1h');

  // Setting the remaining estimate by hand.
  await estimates.getByLabel('Remaining estimate').fill('3h 15m');
  await estimates.getByRole('button', { name: 'Save estimates' }).click();
  await expect(figure(section, 'Time remaining')).toHaveText('3h 15m');
  await closeTask(page);
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server', SAVED);

  // Bea sees Ada's worklog and the figures, but no controls on Ada's worklog; hers has them.
  const bea = await others.member('Ada', 'Bea');
  const beaSection = await openTask(bea, 'Review the draft');
  await expect(figure(beaSection, 'Time spent')).toHaveText('30m');
  await expect(figure(beaSection, 'Time remaining')).toHaveText('3h 15m');
  await expect(beaSection.getByLabel('Original estimate')).toHaveValue('4h');
  const adas = beaSection.getByRole('listitem', { name: 'Worklog by Ada' });
  await expect(adas).toContainText('Second pass');
  await expect(adas.getByRole('button')).toHaveCount(0);
  const beaLog = beaSection.getByRole('form', { name: 'Log time' });
  await beaLog.getByLabel('Time spent').fill('45m');
  await beaLog.getByRole('button', { name: 'Log time' }).click();
  await expect(
    beaSection.getByRole('listitem', { name: 'Worklog by Bea' }).getByRole('button', { name: 'Delete' }),
  ).toBeVisible();
  await expect(figure(beaSection, 'Time remaining')).toHaveText('2h 30m');

  // Ada's browser follows live, and everything is there after a reload.
  await page.reload();
  const again = await openTask(page, 'Review the draft');
  await expect(figure(again, 'Time spent')).toHaveText('1h 15m', SAVED);
  await expect(figure(again, 'Time remaining')).toHaveText('2h 30m');
  await expect(again.getByRole('listitem', { name: 'Worklog by Bea' }).getByRole('button')).toHaveCount(0);
  await expect(
    again.getByRole('listitem', { name: 'Worklog by Ada' }).getByRole('button', { name: 'Edit' }),
  ).toBeVisible();
});
