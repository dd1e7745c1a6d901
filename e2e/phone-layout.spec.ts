/**
 * Issue 14, "Everywhere": a phone (390×844, touch). Checked by layout, not by eye: every visible
 * interactive element of the header, the open task panel and the settings page lies inside the
 * visual viewport, the page itself never scrolls sideways, and the board's row of columns scrolls
 * sideways one column at a time (scroll-snap). Screenshots are attached to the report.
 */
import type { Locator, Page, TestInfo } from '@playwright/test';
import { addTask, column, openBoard, syncStatus, taskIn, titlesIn } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });

const INTERACTIVE =
  'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"]), [role="button"]';

/** Interactive elements under `scope` that are rendered and not inside the visual viewport sideways. */
async function offScreen(scope: Locator): Promise<string[]> {
  return scope.evaluateAll((roots, selector) => {
    const width = window.visualViewport?.width ?? window.innerWidth;
    const bad: string[] = [];
    for (const root of roots) {
      const all = [root, ...root.querySelectorAll(selector)].filter((e) => e.matches(selector));
      for (const el of all) {
        const style = getComputedStyle(el);
        const rect = el.getBoundingClientRect();
        if (style.visibility === 'hidden' || rect.width === 0 || rect.height === 0) continue;
        // The skip link waits above the page until focused; it is inside horizontally all the same.
        if (rect.left < -0.5 || rect.right > width + 0.5) {
          const name = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? '';
          bad.push(
            `${el.tagName.toLowerCase()} "${name}" at ${Math.round(rect.left)}–${Math.round(rect.right)}`,
          );
        }
      }
    }
    return bad;
  }, INTERACTIVE);
}

/** Nothing makes the page wider than the screen (a mobile browser would zoom out to fit it). */
async function expectNoSidewaysPage(page: Page): Promise<void> {
  const size = await page.evaluate(() => ({
    inner: window.innerWidth,
    visual: window.visualViewport?.width ?? 0,
    scroll: document.documentElement.scrollWidth,
  }));
  expect(size).toEqual({ inner: PHONE.width, visual: PHONE.width, scroll: PHONE.width });
}

/** A one-finger horizontal swipe through the browser's touch input (what a phone sends). */
async function swipe(page: Page, from: { x: number; y: number }, dx: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const steps = 12;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [from] });
  for (let i = 1; i <= steps; i++) {
    const point = { x: Math.round(from.x + (dx * i) / steps), y: from.y };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** A finger held still on a card (past the touch sensor's 250 ms), then moved without lifting. */
async function touchDrag(
  page: Page,
  from: { x: number; y: number },
  to: { x: number; y: number },
): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const steps = 15;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [from] });
  await page.waitForTimeout(400);
  for (let i = 1; i <= steps; i++) {
    const point = {
      x: Math.round(from.x + ((to.x - from.x) * i) / steps),
      y: Math.round(from.y + ((to.y - from.y) * i) / steps),
    };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

async function attachShot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await testInfo.attach(`${name}-390x844`, { body: await page.screenshot(), contentType: 'image/png' });
}

test('board, task panel and settings fit a 390×844 phone; the columns snap one at a time', async ({
  page,
  server,
}, testInfo) => {
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', 'Buy milk');
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');

  // The header: sync status and bell stay in view; the account items fold into the menu.
  const header = page.getByRole('banner');
  await expect(syncStatus(page)).toBeInViewport();
  await expect(page.getByRole('button', { name: /Notifications/ })).toBeInViewport();
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  expect(await offScreen(header)).toEqual([]);
  await expectNoSidewaysPage(page);
  await attachShot(page, testInfo, 'board');

  const menu = page.getByRole('button', { name: 'Menu' });
  await menu.tap();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeInViewport();
  expect(await offScreen(header)).toEqual([]);
  await attachShot(page, testInfo, 'board-menu');
  await menu.tap();
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);

  // The row of columns: one column is about the screen's width, and it scrolls sideways with snap.
  const row = page.locator('.board-scroll');
  const geometry = await row.evaluate((el) => ({
    snap: getComputedStyle(el).scrollSnapType,
    client: el.clientWidth,
    scroll: el.scrollWidth,
  }));
  expect(geometry.snap).toBe('x mandatory');
  expect(geometry.scroll).toBeGreaterThan(geometry.client);
  const todo = await column(page, 'To Do').boundingBox();
  expect(todo?.width).toBeGreaterThan(PHONE.width * 0.8);
  expect(todo?.width).toBeLessThanOrEqual(PHONE.width);

  // A finger's swipe of about 60% of a column (real touch events, on the column's heading) does
  // not stop where the finger left it: it snaps on, and the next column starts where To Do did.
  const heading = await column(page, 'To Do').getByRole('heading').first().boundingBox();
  if (!todo || !heading) throw new Error('no column on screen');
  const startX = todo.x;
  await swipe(
    page,
    { x: 300, y: Math.round(heading.y + heading.height / 2) },
    -Math.round(PHONE.width * 0.6),
  );
  await expect
    .poll(async () => Math.round((await column(page, 'In Progress').boundingBox())?.x ?? -1))
    .toBe(Math.round(startX));
  expect(await row.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  await attachShot(page, testInfo, 'board-second-column');
  await row.evaluate((el) => el.scrollTo({ left: 0 }));
  await expect
    .poll(async () => Math.round((await column(page, 'To Do').boundingBox())?.x ?? -1))
    .toBe(Math.round(startX));

  // The task panel: a full-screen sheet, every control inside the screen.
  await taskIn(page, 'To Do', 'Buy milk').getByRole('button', { name: 'Open Buy milk' }).tap();
  const panel = page.getByRole('dialog', { name: 'Task details' });
  await expect(panel).toBeVisible();
  const sheet = await panel.boundingBox();
  expect(sheet).toMatchObject({ x: 0, y: 0, width: PHONE.width, height: PHONE.height });
  expect(await offScreen(panel)).toEqual([]);
  await expectNoSidewaysPage(page);
  await attachShot(page, testInfo, 'task-panel');
  await panel.getByRole('button', { name: 'Close task details' }).tap();
  await expect(panel).toBeHidden();

  // Settings, reached through the menu: everything on it fits, and it leads back to the board.
  await menu.tap();
  await page.getByRole('link', { name: 'Settings' }).tap();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save settings' })).toBeVisible();
  expect(await offScreen(page.locator('body'))).toEqual([]);
  await expectNoSidewaysPage(page);
  await attachShot(page, testInfo, 'settings');
  await page.getByRole('link', { name: /Back to/ }).tap();
  await expect(column(page, 'To Do')).toBeVisible();
});

test('members, backlog and activity pages fit a 390×844 phone', async ({ page, server }, testInfo) => {
  await openBoard(page, server.url, 'Ada');
  for (const [tab, heading] of [
    ['Members', 'Members'],
    ['Backlog', null],
    ['Activity', null],
  ] as const) {
    await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: tab }).tap();
    await expect(page.getByRole('link', { name: tab })).toHaveAttribute('aria-current', 'page');
    if (heading) await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect({ tab, off: await offScreen(page.locator('body')) }).toEqual({ tab, off: [] });
    await expectNoSidewaysPage(page);
    await attachShot(page, testInfo, tab.toLowerCase());
  }
});

test('on a phone, a card still moves by touch', async ({ page, server }) => {
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', 'First');
  await addTask(page, 'To Do', 'Second');
  expect(await titlesIn(page, 'To Do')).toEqual(['First', 'Second']);
  const first = await taskIn(page, 'To Do', 'First').boundingBox();
  const second = await taskIn(page, 'To Do', 'Second').boundingBox();
  if (!first || !second) throw new Error('cards not on screen');
  await touchDrag(
    page,
    { x: second.x + second.width / 2, y: second.y + second.height / 2 },
    { x: first.x + first.width / 2, y: first.y + 4 },
  );
  await expect.poll(() => titlesIn(page, 'To Do')).toEqual(['Second', 'First']);
  await page.reload();
  await expect.poll(() => titlesIn(page, 'To Do')).toEqual(['Second', 'First']);

  // A quick swipe that starts on a card scrolls the board: no hold, so no drag.
  const card = await taskIn(page, 'To Do', 'First').boundingBox();
  if (!card) throw new Error('card not on screen');
  const row = page.locator('.board-scroll');
  await swipe(page, { x: 300, y: Math.round(card.y + card.height / 2) }, -Math.round(PHONE.width * 0.6));
  await expect.poll(() => row.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  expect(await titlesIn(page, 'To Do')).toEqual(['Second', 'First']);
});
