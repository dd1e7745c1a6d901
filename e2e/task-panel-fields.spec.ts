/**
 * Issue 8, item 7: the task panel edits field by field. Two people with one task open edit
 * different fields and both edits survive, on both boards and after a reload; when someone changes
 * a field I have open with unsaved text, a notice says so and I keep mine or take theirs.
 * Issue 14: the panel is a side panel that saves as you go (no Save/Cancel).
 */
import type { Locator, Page } from '@playwright/test';
import { addTask, openBoard, syncStatus, taskIn } from './fixtures/board.ts';
import { addLabels, pick, pickerField } from './fixtures/pickers.ts';
import { expect, type Others, test } from './fixtures/test.ts';

const TITLE = 'Write the spec';

async function openTask(page: Page, title = TITLE): Promise<Locator> {
  await taskIn(page, 'To Do', title)
    .getByRole('button', { name: `Open ${title}` })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Task details' });
  await expect(dialog).toBeVisible();
  return dialog;
}

async function save(page: Page, dialog: Locator): Promise<void> {
  await dialog.getByRole('button', { name: 'Close task details' }).click();
  await expect(dialog).toBeHidden();
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');
}

/** Ada owns the board with one task; Bea, a member, has it open in another browser. */
async function twoPeople(others: Others, page: Page, url: string): Promise<Page> {
  await openBoard(page, url, 'Ada');
  await addTask(page, 'To Do', TITLE);
  const bea = await others.member('Ada', 'Bea');
  await expect(taskIn(bea, 'To Do', TITLE)).toBeVisible();
  return bea;
}

test('two people edit different fields of one open task: both edits survive, live and after a reload', async ({
  others,
  page: ada,
  server,
}) => {
  const bea = await twoPeople(others, ada, server.url);
  const beaPanel = await openTask(bea);
  const adaPanel = await openTask(ada);

  await adaPanel.getByLabel('Description').fill('Number every rule.');
  await save(ada, adaPanel);
  // Bea did not touch the description: her open panel follows Ada's change.
  await expect(beaPanel.getByLabel('Description')).toHaveText('Number every rule.');

  await addLabels(beaPanel, ['docs', 'model']);
  await pick(beaPanel, 'Priority', 'High');
  await expect(beaPanel.getByRole('alert')).toHaveCount(0);
  await save(bea, beaPanel);

  for (const p of [ada, bea]) {
    await expect(taskIn(p, 'To Do', TITLE)).toContainText('docs');
    await expect(taskIn(p, 'To Do', TITLE).getByRole('img', { name: 'Priority: High' })).toBeVisible();
    for (const reload of [false, true]) {
      if (reload) await p.reload();
      const panel = await openTask(p);
      await expect(panel.getByLabel('Description')).toHaveText('Number every rule.');
      await expect(pickerField(panel, 'Labels')).toHaveAccessibleName(/^Labels docs ?model$/);
      await expect(pickerField(panel, 'Priority')).toHaveAccessibleName('Priority High');
      await panel.getByRole('button', { name: 'Close task details' }).click();
      await expect(panel).toBeHidden();
    }
  }
});

test('someone changes a field I am editing: a notice, then keep mine or take theirs', async ({
  others,
  page: ada,
  server,
}) => {
  const bea = await twoPeople(others, ada, server.url);
  // Keep mine: Bea's unsaved estimate replaces Ada's saved one. (The description is collaborative
  // text since issue 14: two people's typing merges, rich-description.spec.ts.)
  let beaPanel = await openTask(bea);
  await beaPanel.getByLabel('Estimate', { exact: true }).fill('5');
  let adaPanel = await openTask(ada);
  await adaPanel.getByLabel('Estimate', { exact: true }).fill('8');
  await save(ada, adaPanel);
  let notice = beaPanel
    .getByRole('alert')
    .filter({ hasText: 'Ada changed the estimate while you were editing — yours will replace theirs' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('“8”');
  await expect(beaPanel.getByLabel('Estimate', { exact: true })).toHaveValue('5');
  await notice.getByRole('button', { name: 'Keep mine' }).click();
  await expect(notice).toBeHidden();
  await save(bea, beaPanel);
  adaPanel = await openTask(ada);
  await expect(adaPanel.getByLabel('Estimate', { exact: true })).toHaveValue('5');
  await adaPanel.getByRole('button', { name: 'Close task details' }).click();

  // Take theirs: Bea's estimate gives way to Ada's, and her other edit (priority) still saves.
  beaPanel = await openTask(bea);
  await pick(beaPanel, 'Priority', 'Highest');
  await beaPanel.getByLabel('Estimate', { exact: true }).fill('13');
  adaPanel = await openTask(ada);
  await adaPanel.getByLabel('Estimate', { exact: true }).fill('21');
  await save(ada, adaPanel);
  notice = beaPanel.getByRole('alert').filter({ hasText: 'Ada changed the estimate' });
  await expect(notice).toBeVisible();
  await notice.getByRole('button', { name: 'Take theirs' }).click();
  await expect(notice).toBeHidden();
  await expect(beaPanel.getByLabel('Estimate', { exact: true })).toHaveValue('21');
  await save(bea, beaPanel);

  for (const p of [ada, bea]) {
    await p.reload();
    const panel = await openTask(p);
    await expect(panel.getByLabel('Estimate', { exact: true })).toHaveValue('21');
    await expect(pickerField(panel, 'Priority')).toHaveAccessibleName('Priority Highest');
  }
});

test('the panel saves as you go beside the board: Tab and Enter save, Esc drops, another card saves and swaps', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', TITLE);
  await addTask(page, 'To Do', 'Second task');
  const panel = await openTask(page);
  // No Save or Cancel: a field is saved when focus leaves it.
  await expect(panel.getByRole('button', { name: /^(Save|Cancel)$/ })).toHaveCount(0);
  await panel.getByLabel('Title').fill('Write the whole spec');
  await panel.getByLabel('Title').press('Tab');
  await expect(taskIn(page, 'To Do', 'Write the whole spec')).toBeVisible();
  await expect(panel).toBeVisible();

  // Esc drops what was typed in a field and keeps the panel; a second Esc closes it.
  await panel.getByLabel('Estimate', { exact: true }).fill('8');
  await panel.getByLabel('Estimate', { exact: true }).press('Escape');
  await expect(panel.getByLabel('Estimate', { exact: true })).toHaveValue('');
  await expect(panel).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();

  // The board stays usable with the panel open: opening another card saves what was typed and
  // shows that card in the same panel.
  await taskIn(page, 'To Do', 'Write the whole spec')
    .getByRole('button', { name: 'Open Write the whole spec' })
    .click();
  await panel.getByLabel('Description').fill('Saved by leaving for another card.');
  await taskIn(page, 'To Do', 'Second task').getByRole('button', { name: 'Open Second task' }).click();
  await expect(panel.getByLabel('Title')).toHaveValue('Second task');
  await panel.getByLabel('Title').fill('Second task, renamed');
  await panel.getByLabel('Title').press('Enter');
  await expect(taskIn(page, 'To Do', 'Second task, renamed')).toBeVisible();
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');

  await page.reload();
  const reopened = await openTask(page, 'Write the whole spec');
  await expect(reopened.getByLabel('Description')).toHaveText('Saved by leaving for another card.');
  await expect(reopened.getByLabel('Estimate', { exact: true })).toHaveValue('');
});
