/**
 * Dragging with the pointer onto a long, virtualized column: dropped on the lower half of the
 * column's last card (scrolled to its end), the task goes to the end, as announced; dropped on a
 * card in the middle, it takes that card's place. The column renders only part of its cards.
 */
import type { Page } from '@playwright/test';
import { FIRST_PROJECT_ID, readBoard } from '@taskflow/model';
import { apiSignUp, person, signIn } from './fixtures/auth.ts';
import { anyTask, column, taskIn } from './fixtures/board.ts';
import { connectSeedClient, seedTasks } from './fixtures/seed-client.ts';
import { expect, test } from './fixtures/test.ts';

const TASKS = 600;

/** Drags `title` with the mouse to `where` (a fraction of the target card's height) on `onto`. */
async function dragOnto(page: Page, title: string, onto: string, where: number): Promise<void> {
  const from = await anyTask(page, title).boundingBox();
  const to = await anyTask(page, onto).boundingBox();
  if (!from || !to) throw new Error('drag: card not on screen');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 3 });
  const x = to.x + to.width / 2;
  const y = to.y + to.height * where;
  await page.mouse.move(x, y, { steps: 12 });
  await page.mouse.move(x, y + 1, { steps: 2 });
  await page.mouse.up();
}

test('a pointer drop at the end of a long column appends; on a card it takes its place', async ({
  page,
  server,
}) => {
  test.setTimeout(120_000);
  const ada = person('Ada');
  const { token, userId } = await apiSignUp(server.url, ada);
  const seeder = await connectSeedClient(server.url, { token, actorId: userId });
  try {
    await seedTasks(seeder, FIRST_PROJECT_ID, TASKS);
    const [todo, , done] = readBoard(seeder.doc, FIRST_PROJECT_ID)?.columns ?? [];
    const [first, second] = todo?.tasks ?? [];
    const last = done?.tasks.at(-1);
    const middle = done?.tasks[1];
    if (!first || !second || !last || !middle || !done) throw new Error('seeded board lacks tasks');
    await signIn(page, server.url, ada);
    const doneColumn = column(page, 'Done');
    await expect(doneColumn.getByRole('heading')).toContainText(String(done.tasks.length));
    expect(await doneColumn.getByRole('article').count()).toBeLessThan(50);

    await doneColumn.locator('.column-body').evaluate((body) => body.scrollTo({ top: body.scrollHeight }));
    await expect(taskIn(page, 'Done', last.title)).toBeInViewport();
    await dragOnto(page, first.title, last.title, 0.8);
    await expect(page.locator('[id^="DndLiveRegion"]')).toHaveText(
      `Task ${first.title} was dropped at the end of column Done.`,
    );
    const count = String(done.tasks.length + 1);
    await expect(doneColumn.getByRole('heading')).toContainText(count);
    const moved = doneColumn
      .getByRole('listitem')
      .filter({ has: page.getByRole('article', { name: first.title, exact: true }) });
    await expect(moved).toHaveAttribute('aria-posinset', count);

    await doneColumn.locator('.column-body').evaluate((body) => body.scrollTo({ top: 0 }));
    await expect(taskIn(page, 'Done', middle.title)).toBeInViewport();
    await dragOnto(page, second.title, middle.title, 0.3);
    await expect(page.locator('[id^="DndLiveRegion"]')).toHaveText(
      `Task ${second.title} was dropped at position 2 in column Done.`,
    );
    const placed = doneColumn
      .getByRole('listitem')
      .filter({ has: page.getByRole('article', { name: second.title, exact: true }) });
    await expect(placed).toHaveAttribute('aria-posinset', '2');
  } finally {
    seeder.destroy();
  }
});
