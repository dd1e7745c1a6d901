/**
 * Issue 14, "Act": pickers instead of free text, from the task panel with the mouse. Assign to me
 * (initials on the card), labels from the workspace's own with a colour each — created inline by
 * typing, the same colour on the card and in the panel, readable in dark mode too — and priority
 * with its icon on the card. Everything is there after a reload.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { createTask, FIRST_PROJECT_ID, LIMITS } from '@taskflow/model';
import { colourStyle } from '../apps/web/src/pickers/colour.ts';
import { apiSignUp, person, signIn, signUp } from './fixtures/auth.ts';
import { addTask, column, taskIn } from './fixtures/board.ts';
import { addLabels, pick, pickerField } from './fixtures/pickers.ts';
import { connectSeedClient } from './fixtures/seed-client.ts';
import { expect, test } from './fixtures/test.ts';

async function openTask(page: Page, title: string): Promise<Locator> {
  await taskIn(page, 'To Do', title)
    .getByRole('button', { name: `Open ${title}` })
    .click();
  const panel = page.getByRole('dialog', { name: 'Task details' });
  await expect(panel).toBeVisible();
  return panel;
}

async function closeTask(panel: Locator): Promise<void> {
  await panel.getByRole('button', { name: 'Close task details' }).click();
  await expect(panel).toBeHidden();
}

/** The chip's background and text colours, and what colour.ts says they should be in this theme. */
async function chipColours(chip: Locator, label: string, theme: 'light' | 'dark') {
  const style = colourStyle(label) as Record<string, string>;
  const suffix = theme === 'dark' ? '-dark' : '';
  return chip.evaluate(
    (el, want) => {
      const probe = document.createElement('span');
      probe.style.backgroundColor = want.bg;
      probe.style.color = want.ink;
      document.body.append(probe);
      const expected = getComputedStyle(probe);
      const result = {
        actual: [getComputedStyle(el).backgroundColor, getComputedStyle(el).color],
        expected: [expected.backgroundColor, expected.color],
      };
      probe.remove();
      return result;
    },
    { bg: style[`--tint-bg${suffix}`] ?? '', ink: style[`--tint-ink${suffix}`] ?? '' },
  );
}

test('pickers set the assignee, labels and priority; the card shows initials, colours and the icon', async ({
  page,
  server,
}) => {
  // Two words, two initials.
  await signUp(page, server.url, { ...person('Ada'), name: 'Ada Lovelace' });
  await expect(column(page, 'To Do')).toBeVisible();
  await addTask(page, 'To Do', 'Fix the login');
  await addTask(page, 'To Do', 'Polish the page');

  let panel = await openTask(page, 'Fix the login');
  // Assign to me: the first option, chosen with the mouse.
  await pickerField(panel, 'Assignee').click();
  const assignee = page.getByRole('dialog', { name: 'Assignee', exact: true });
  await expect(assignee.getByRole('option').first()).toHaveAccessibleName('Assign to me');
  await assignee.getByRole('option', { name: 'Assign to me' }).click();
  await expect(assignee).toHaveCount(0);
  await expect(pickerField(panel, 'Assignee')).toBeFocused();
  await expect(pickerField(panel, 'Assignee')).toHaveAccessibleName('Assignee Ada Lovelace');

  // A label the workspace does not have yet is created by typing it; Escape leaves the picker.
  await addLabels(panel, ['frontend', 'urgent fix']);
  await pick(panel, 'Priority', 'Highest', 'urg');
  await closeTask(panel);

  const card = taskIn(page, 'To Do', 'Fix the login');
  await expect(card.getByTitle('Assignee: Ada Lovelace')).toHaveText('AL');
  await expect(card.getByRole('img', { name: 'Priority: Highest' })).toBeVisible();
  for (const label of ['frontend', 'urgent fix']) {
    const colours = await chipColours(card.getByText(label, { exact: true }), label, 'light');
    expect(colours.actual, label).toEqual(colours.expected);
  }
  // Each label its own colour.
  const a = await chipColours(card.getByText('frontend', { exact: true }), 'frontend', 'light');
  const b = await chipColours(card.getByText('urgent fix', { exact: true }), 'urgent fix', 'light');
  expect(a.actual[0]).not.toEqual(b.actual[0]);

  // Another task is offered the workspace's labels; picking one is not creating it again.
  panel = await openTask(page, 'Polish the page');
  await pickerField(panel, 'Labels').click();
  const labels = page.getByRole('dialog', { name: 'Labels', exact: true });
  await labels.getByRole('combobox').fill('front');
  await expect(labels.getByRole('option')).toHaveText(['frontend', 'Create label “front”']);
  await labels.getByRole('option', { name: 'frontend' }).click();
  await expect(labels.getByRole('option', { name: 'frontend' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Escape');
  await expect(labels).toHaveCount(0);
  await expect(pickerField(panel, 'Labels')).toBeFocused();
  // Escape closed the picker, not the panel.
  await expect(panel).toBeVisible();
  await closeTask(panel);
  await expect(taskIn(page, 'To Do', 'Polish the page').getByText('frontend', { exact: true })).toBeVisible();

  // After a reload, all of it is still there, and in dark mode the chip takes its dark colours.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await expect(card.getByTitle('Assignee: Ada Lovelace')).toHaveText('AL');
  await expect(card.getByRole('img', { name: 'Priority: Highest' })).toBeVisible();
  const dark = await chipColours(card.getByText('frontend', { exact: true }), 'frontend', 'dark');
  expect(dark.actual).toEqual(dark.expected);
  expect(dark.actual[0]).not.toEqual(a.actual[0]);
  panel = await openTask(page, 'Fix the login');
  await expect(pickerField(panel, 'Priority')).toHaveAccessibleName('Priority Highest');
  await expect(pickerField(panel, 'Labels')).toHaveAccessibleName(/^Labels frontend ?urgent fix$/);
});

test('the label picker keeps to the limits: 40 characters a label, 20 labels a task', async ({
  page,
  server,
}) => {
  const ada = person('Ada');
  const { token, userId } = await apiSignUp(server.url, ada);
  const seeder = await connectSeedClient(server.url, { token, actorId: userId });
  try {
    const labels = Array.from({ length: LIMITS.labels }, (_, i) => `label ${i + 1}`);
    createTask(seeder.doc, seeder.editor, { projectId: FIRST_PROJECT_ID, title: 'Full of labels', labels });
    createTask(seeder.doc, seeder.editor, { projectId: FIRST_PROJECT_ID, title: 'Fix the login' });
    await seeder.acked();
  } finally {
    seeder.destroy();
  }
  await signIn(page, server.url, ada);

  let panel = await openTask(page, 'Fix the login');
  await pickerField(panel, 'Labels').click();
  let picker = page.getByRole('dialog', { name: 'Labels', exact: true });
  // The field takes no more than a label's 40 characters.
  await picker.getByRole('combobox').fill('x'.repeat(LIMITS.label + 5));
  await expect(picker.getByRole('combobox')).toHaveValue('x'.repeat(LIMITS.label));
  await expect(picker.getByRole('option')).toHaveText([`Create label “${'x'.repeat(LIMITS.label)}”`]);
  await page.keyboard.press('Escape');
  await closeTask(panel);

  // A task with 20 labels is offered no new one, and is told why.
  panel = await openTask(page, 'Full of labels');
  await pickerField(panel, 'Labels').click();
  picker = page.getByRole('dialog', { name: 'Labels', exact: true });
  await expect(picker).toContainText(`A task has at most ${LIMITS.labels} labels`);
  await picker.getByRole('combobox').fill('one more');
  await expect(picker.getByRole('option')).toHaveCount(0);
  // Taking one off is still possible.
  await picker.getByRole('combobox').fill('label 20');
  await picker.getByRole('option', { name: 'label 20', exact: true }).click();
  await expect(picker.getByRole('option', { name: 'label 20', exact: true })).toHaveAttribute(
    'aria-selected',
    'false',
  );
  await expect(picker).not.toContainText(`A task has at most ${LIMITS.labels} labels`);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`pickers, the shortcuts overlay and selected cards pass axe (${scheme})`, async ({ page, server }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await signUp(page, server.url, { ...person('Ada'), name: 'Ada Lovelace' });
    await addTask(page, 'To Do', 'Fix the login');
    await addTask(page, 'To Do', 'Polish the page');
    const serious = async (what: string) => {
      const results = await new AxeBuilder({ page }).analyze();
      const found = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(found, what).toEqual([]);
    };
    const panel = await openTask(page, 'Fix the login');
    await pick(panel, 'Assignee', 'Assign to me', 'me');
    await addLabels(panel, ['frontend', 'bug', 'design review']);
    await pick(panel, 'Priority', 'High');
    await serious('task panel with chosen values');
    for (const field of ['Assignee', 'Labels', 'Priority'] as const) {
      await pickerField(panel, field).click();
      await expect(page.getByRole('dialog', { name: field, exact: true })).toBeVisible();
      await serious(`${field} picker`);
      await page.keyboard.press('Escape');
    }
    await closeTask(panel);

    // A card under the cursor and one marked, and the ? overlay.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await serious('board with a selection');
    await page.keyboard.press('d');
    await expect(page.getByRole('dialog', { name: 'Due date' })).toBeVisible();
    await serious('due date picker');
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    await serious('shortcuts overlay');
  });
}
