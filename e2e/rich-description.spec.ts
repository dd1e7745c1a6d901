/**
 * Issue 14 (Write): a task's description is rich, collaborative text. Two people typing into one
 * description at once, or one of them offline, both keep their text on both screens; Markdown
 * shortcuts make lists, checklists and code; an @mention notifies the person mentioned.
 */
import type { Page } from '@playwright/test';
import { apiAddMember, person, signIn } from './fixtures/auth.ts';
import { addTask, openBoard, syncStatus, taskIn } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

/** Live delivery crosses two browser contexts and the server: allow a slow CI machine. */
const LIVE = { timeout: 20_000 };

async function openTask(page: Page, title: string) {
  await taskIn(page, 'To Do', title)
    .getByRole('button', { name: `Open ${title}` })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Task details' });
  const editor = dialog.getByRole('textbox', { name: 'Description' });
  await expect(editor).toBeVisible();
  return editor;
}

/** Two people, one task open in both browsers, its description already saying `Notes:`. */
async function twoEditors(
  page: Page,
  others: { member(owner: string, name: string): Promise<Page> },
  url: string,
) {
  await openBoard(page, url, 'Ann');
  const bea = await others.member('Ann', 'Bea');
  await addTask(page, 'To Do', 'Plan');
  await expect(taskIn(bea, 'To Do', 'Plan')).toBeVisible(LIVE);
  const annEditor = await openTask(page, 'Plan');
  await annEditor.click();
  await page.keyboard.type('Notes:');
  const beaEditor = await openTask(bea, 'Plan');
  await expect(beaEditor).toHaveText('Notes:', LIVE);
  return { bea, annEditor, beaEditor };
}

test.beforeEach(({ page }) => {
  // The CSP (style-src 'self', no eval) must not block anything the editor does.
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) throw new Error(m.text());
  });
});

test('two people typing into one description at once both keep their text, on both screens', async ({
  page,
  others,
  server,
}) => {
  const { bea, annEditor, beaEditor } = await twoEditors(page, others, server.url);
  // Two cursors at one spot follow each other's keys (the editor maps a caret past text typed
  // right at it), which interleaves two sentences; people type in different places, so do we.
  await annEditor.click();
  await page.keyboard.press('Home');
  await beaEditor.click();
  await bea.keyboard.press('End');
  // Typed at the same time, each seeing the other's keys arrive while typing.
  await Promise.all([
    page.keyboard.type('Ann writes the intro. ', { delay: 25 }),
    bea.keyboard.type(' Bea adds the budget.', { delay: 25 }),
  ]);
  for (const editor of [annEditor, beaEditor]) {
    await expect(editor).toContainText('Ann writes the intro.', LIVE);
    await expect(editor).toContainText('Bea adds the budget.', LIVE);
    await expect(editor).toContainText('Notes:');
  }
  // Saved on the server: after a reload the text is still both.
  await bea.reload();
  // The open task's address reopens its panel after the reload.
  const again = bea
    .getByRole('dialog', { name: 'Task details' })
    .getByRole('textbox', { name: 'Description' });
  await expect(again).toContainText('Ann writes the intro.', LIVE);
  await expect(again).toContainText('Bea adds the budget.');
});

test('one person offline: both type, back online, both texts on both screens', async ({
  page,
  others,
  server,
}) => {
  const { bea, annEditor, beaEditor } = await twoEditors(page, others, server.url);
  await bea.context().setOffline(true);
  await expect(syncStatus(bea)).toHaveAccessibleName(/Sync status: Offline/);
  await beaEditor.click();
  await bea.keyboard.press('End');
  await bea.keyboard.type(' Bea typed this offline.');
  await annEditor.click();
  await page.keyboard.press('End');
  await page.keyboard.type(' Ann typed this online.');
  // Apart, each sees only their own.
  await expect(beaEditor).not.toContainText('Ann typed this online.');
  await expect(annEditor).not.toContainText('Bea typed this offline.');

  await bea.context().setOffline(false);
  for (const editor of [annEditor, beaEditor]) {
    await expect(editor).toContainText('Bea typed this offline.', LIVE);
    await expect(editor).toContainText('Ann typed this online.', LIVE);
  }
  await expect(syncStatus(bea)).toHaveAccessibleName('Sync status: Saved on the server', LIVE);
});

test('Markdown shortcuts make a list, a checklist and code, and the other person sees them', async ({
  page,
  others,
  server,
}) => {
  const { bea, annEditor, beaEditor } = await twoEditors(page, others, server.url);
  await annEditor.click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('- milk');
  await page.keyboard.press('Enter');
  await page.keyboard.type('eggs');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type('[ ] call the bank');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type('run `npm test` first');

  for (const editor of [annEditor, beaEditor]) {
    await expect(editor.locator('ul:not([data-type="taskList"]) > li')).toHaveText(['milk', 'eggs'], LIVE);
    await expect(editor.getByRole('checkbox')).toHaveCount(1, LIVE);
    await expect(editor.locator('ul[data-type="taskList"] li > div')).toHaveText('call the bank');
    await expect(editor.locator('p code')).toHaveText('npm test');
  }
  // The literal markers are gone: they were shortcuts, not text.
  await expect(annEditor).not.toContainText('- milk');
  await expect(annEditor).not.toContainText('[ ]');

  // Ticking the checkbox reaches the other screen.
  await annEditor.getByRole('checkbox').check();
  await expect(beaEditor.getByRole('checkbox')).toBeChecked(LIVE);
  await expect(bea.locator('.mention-menu')).toHaveCount(0);
});

test('an @mention of a member notifies them once', async ({ page, others, server }) => {
  const { bea, annEditor } = await twoEditors(page, others, server.url);
  const bell = bea.getByRole('button', { name: /^Notifications, \d+ unread$/ });
  await expect(bell).toHaveAccessibleName('Notifications, 0 unread', LIVE);

  await annEditor.click();
  await page.keyboard.press('End');
  await page.keyboard.type(' please review, @Be');
  const menu = page.getByRole('listbox', { name: 'People to mention' });
  await expect(menu.getByRole('option', { name: 'Bea' })).toBeVisible(LIVE);
  await page.keyboard.press('Enter');
  await expect(menu).toHaveCount(0);
  await expect(annEditor.locator('.mention')).toHaveText('@Bea');
  await page.keyboard.type(' thanks');

  await expect(bell).toHaveAccessibleName('Notifications, 1 unread', LIVE);
  await bea.getByRole('button', { name: 'Close task details' }).click();
  await bell.click();
  const panel = bea.getByRole('region', { name: 'Notifications' });
  await expect(panel.getByRole('listitem')).toHaveCount(1);
  await expect(panel).toContainText('Ann mentioned you in');
  await expect(panel).toContainText('Plan');
  // More typing that keeps the mention notifies no more.
  await page.keyboard.type(' and more');
  await expect(annEditor).toContainText('thanks and more');
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server', LIVE);
  await bea.reload();
  await expect(bea.getByRole('button', { name: /^Notifications, \d+ unread$/ })).toHaveAccessibleName(
    'Notifications, 1 unread',
    LIVE,
  );
});

test('a viewer reads the description but cannot type into it; comments show their formatting', async ({
  page,
  others,
  server,
}) => {
  await openBoard(page, server.url, 'Ann');
  await addTask(page, 'To Do', 'Read me');
  const annEditor = await openTask(page, 'Read me');
  await annEditor.click();
  await page.keyboard.type('Only Ann writes here.');
  const comment = page.getByRole('textbox', { name: 'New comment' });
  await comment.fill('Steps:\n- run `npm test`\n- see https://example.com/docs');
  await page.getByRole('button', { name: 'Comment', exact: true }).click();
  const shown = page.getByRole('listitem', { name: 'Comment by Ann' });
  await expect(shown.locator('li code')).toHaveText('npm test');
  await expect(shown.getByRole('link', { name: 'https://example.com/docs' })).toHaveAttribute(
    'href',
    'https://example.com/docs',
  );
  await expect(shown).not.toContainText('`');

  const vic = await others.page();
  await apiAddMember(server.url, person('Ann'), person('Vic'), 'viewer');
  await signIn(vic, server.url, person('Vic'));
  const vicEditor = await openTask(vic, 'Read me');
  await expect(vicEditor).toHaveText('Only Ann writes here.', LIVE);
  await expect(vicEditor).toHaveAttribute('contenteditable', 'false');
  await vicEditor.click();
  await vic.keyboard.type('Vic was here');
  await expect(vicEditor).toHaveText('Only Ann writes here.');
  await expect(annEditor).toHaveText('Only Ann writes here.');
});
