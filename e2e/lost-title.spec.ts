/**
 * Issue 14: two people retitle one task at once (one of them offline). Both boards end with one
 * title; the person whose title lost is told who won and with what, and one click puts theirs back
 * for both. Which of two concurrent titles wins is Yjs's deterministic pick, so the test finds the
 * loser by the notice and checks that the winner got none.
 */
import type { Page } from '@playwright/test';
import { addTask, anyTask, openBoard, syncStatus, taskIn } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

async function retitle(page: Page, from: string, to: string): Promise<void> {
  await taskIn(page, 'To Do', from)
    .getByRole('button', { name: `Open ${from}` })
    .click();
  const panel = page.getByRole('dialog', { name: 'Task details' });
  await panel.getByLabel('Title').fill(to);
  await panel.getByLabel('Title').press('Enter');
  await panel.getByRole('button', { name: 'Close task details' }).click();
}

test('a title lost to a concurrent one is told to its author, who can put it back', async ({
  others,
  server,
}) => {
  const ann = await others.page();
  await openBoard(ann, server.url, 'Ann');
  const bea = await others.member('Ann', 'Bea');
  await addTask(ann, 'To Do', 'Contested');
  await expect(taskIn(bea, 'To Do', 'Contested')).toBeVisible();
  await expect(syncStatus(bea)).toHaveAccessibleName('Sync status: Saved on the server');

  await bea.context().setOffline(true);
  await expect(syncStatus(bea)).toHaveAccessibleName(/Sync status: Offline/);
  await retitle(bea, 'Contested', 'Bea’s title');
  await retitle(ann, 'Contested', 'Ann’s title');
  await expect(syncStatus(ann)).toHaveAccessibleName('Sync status: Saved on the server');
  await bea.context().setOffline(false);
  await expect(syncStatus(bea)).toHaveAccessibleName('Sync status: Saved on the server', { timeout: 15_000 });

  // One title on both boards.
  const titleOf = async (p: Page) =>
    (await anyTask(p, 'Bea’s title').count()) > 0 ? 'Bea’s title' : 'Ann’s title';
  await expect
    .poll(async () => [await titleOf(ann), await titleOf(bea)].join(' / '))
    .toMatch(/^(Bea’s title \/ Bea’s title|Ann’s title \/ Ann’s title)$/);
  const final = await titleOf(ann);
  const [loser, winner, loserName, winnerName, mine] =
    final === 'Ann’s title'
      ? [bea, ann, 'Bea', 'Ann', 'Bea’s title']
      : [ann, bea, 'Ann', 'Bea', 'Ann’s title'];

  const notice = loser.getByRole('alert').filter({ hasText: 'at the same time as you' });
  await expect(notice).toHaveText(
    new RegExp(
      `${winnerName} renamed a task to ‘${final}’ at the same time as you; your title ‘${mine}’ lost\\.`,
    ),
  );
  await expect(winner.getByRole('alert')).toHaveCount(0);
  expect(loserName).not.toBe(winnerName);

  await notice.getByRole('button', { name: 'Use my title' }).click();
  await expect(notice).toHaveCount(0);
  for (const p of [ann, bea]) await expect(taskIn(p, 'To Do', mine)).toBeVisible();
  await expect(winner.getByRole('alert')).toHaveCount(0);
});
