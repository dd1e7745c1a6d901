/**
 * Issue 13, "open instantly": a reload paints the board from its snapshot before the workspace's
 * document is loaded (here held back, and with the server down): readable but not writable until
 * the document is there (a card opened meanwhile opens then), then the very same elements turn
 * live and edits work and survive. A snapshot of another
 * version, or damaged, is ignored. Signing out removes the snapshots with the rest.
 *
 * Holding the document back: an init script delays the completion of this page's reads of the
 * workspace's update log (the `updates` store) until the test releases them.
 */
import type { Page } from '@playwright/test';
import {
  addTask,
  column,
  dragTask,
  openBoard,
  syncStatus,
  taskIn,
  waitForServiceWorker,
} from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

const HOLD_FLAG = 'e2e:hold-doc';

/** Installed on every page of the context: holds reads of `updates` while sessionStorage says so. */
const HOLD_SCRIPT = `(() => {
  if (sessionStorage.getItem('${HOLD_FLAG}') !== '1') return;
  let release;
  const released = new Promise((r) => { release = r; });
  window.__releaseDoc = () => release();
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (names, mode, ...rest) {
    const tx = transaction.call(this, names, mode, ...rest);
    const stores = typeof names === 'string' ? [names] : [...names];
    if (!stores.includes('updates') || (mode ?? 'readonly') !== 'readonly') return tx;
    let handler = null;
    Object.defineProperty(tx, 'oncomplete', { get: () => handler, set: (h) => { handler = h; } });
    tx.addEventListener('complete', (event) => { released.then(() => handler && handler.call(tx, event)); });
    return tx;
  };
})();`;

async function userId(page: Page): Promise<string> {
  const id = await page.evaluate(() => JSON.parse(localStorage.getItem('taskflow:session') ?? '{}').user?.id);
  if (typeof id !== 'string') throw new Error('no cached session');
  return id;
}

/** The stored snapshot records of this person (JSON text), read straight from IndexedDB. */
function storedSnapshots(page: Page, id: string): Promise<string[]> {
  return page.evaluate(
    (name) =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('boards')) {
            db.close();
            resolve([]);
            return;
          }
          const request = db.transaction('boards').objectStore('boards').getAll();
          request.onsuccess = () => {
            db.close();
            resolve(request.result as string[]);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    `taskflow:${id}:~snapshots`,
  );
}

/** Replaces every stored snapshot of this person by `mangle` of it. */
function rewriteSnapshots(page: Page, id: string, mangle: string): Promise<void> {
  return page.evaluate(
    ([name, body]) =>
      new Promise<void>((resolve, reject) => {
        const change = new Function('text', body) as (text: string) => string;
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('boards', 'readwrite');
          const store = tx.objectStore('boards');
          const cursor = store.openCursor();
          cursor.onsuccess = () => {
            const at = cursor.result;
            if (!at) return;
            at.update(change(at.value as string));
            at.continue();
          };
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [`taskflow:${id}:~snapshots`, mangle] as const,
  );
}

function versionOf(text: string): unknown {
  try {
    return JSON.parse(text).version;
  } catch {
    return 'not JSON';
  }
}

const card = (page: Page, columnName: string, title: string) =>
  page.locator(`section[aria-label="${columnName}"] article[aria-label="${title}"]`);
const docApplied = (page: Page) =>
  page.evaluate(() => performance.getEntriesByName('taskflow:local-applied').length > 0);

/** Reloads with the document held back; resolves once the page has loaded. */
async function reloadHeld(page: Page): Promise<void> {
  await page.evaluate((flag) => sessionStorage.setItem(flag, '1'), HOLD_FLAG);
  await page.reload();
  await page.evaluate((flag) => sessionStorage.removeItem(flag), HOLD_FLAG);
}

test('a reload paints the board from its snapshot, then the same elements turn live and edits work', async ({
  context,
  page,
  server,
}) => {
  await context.addInitScript(HOLD_SCRIPT);
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', 'Painted from the snapshot');
  await addTask(page, 'In Progress', 'Also in it');
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');
  await waitForServiceWorker(page);
  const id = await userId(page);
  await expect
    .poll(async () => (await storedSnapshots(page, id)).join(''), { timeout: 15_000 })
    .toContain('Also in it');

  // The server is down and the document held back: only the snapshot can paint the board.
  await server.stop();
  await reloadHeld(page);
  await expect(card(page, 'To Do', 'Painted from the snapshot')).toBeVisible();
  await expect(card(page, 'In Progress', 'Also in it')).toBeVisible();
  expect(await docApplied(page)).toBe(false);
  const main = page.locator('main.main');
  await expect(main).toHaveAttribute('aria-busy', 'true');
  await expect(page.getByRole('status').filter({ hasText: 'the board as you last saw it' })).toBeVisible();
  await card(page, 'To Do', 'Painted from the snapshot').evaluate((el) => {
    el.setAttribute('data-e2e-from-snapshot', '');
  });
  // The board can be read (its cards are not inert) but nothing that writes can start: a drag,
  // a keyboard move, a new task. Each is tried, and the document shows none of them afterwards.
  const open = card(page, 'To Do', 'Painted from the snapshot').getByRole('button', {
    name: 'Open Painted from the snapshot',
  });
  expect(await open.evaluate((b) => b.closest('[inert]') !== null)).toBe(false);
  // Tried quickly: after 5 s without its local copy the workspace opens anyway (sync/workspace.ts).
  const from = await card(page, 'In Progress', 'Also in it').boundingBox();
  const to = await column(page, 'Done').boundingBox();
  if (!from || !to) throw new Error('drag: not on screen');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
  await page.mouse.up();
  await page.getByRole('button', { name: 'Move Painted from the snapshot' }).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Space');
  await column(page, 'Done').getByLabel('New task in Done').click();
  await page.keyboard.type('Typed before the document');
  await page.keyboard.press('Enter');
  // Opening a card is held: its address now, its panel once the document is there.
  await open.click();
  await expect(page).toHaveURL(/\/browse\//);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(await docApplied(page)).toBe(false);

  await page.evaluate(() => (window as unknown as { __releaseDoc: () => void }).__releaseDoc());
  await expect(main).not.toHaveAttribute('aria-busy', 'true');
  expect(await docApplied(page)).toBe(true);
  const panel = page.locator('dialog[open]');
  await expect(panel.getByLabel('Title', { exact: true })).toHaveValue('Painted from the snapshot');
  await page.keyboard.press('Escape');
  await expect(page.locator('dialog[open]')).toHaveCount(0);
  // Nothing tried before the document reached it.
  await expect(taskIn(page, 'To Do', 'Painted from the snapshot')).toBeVisible();
  await expect(taskIn(page, 'In Progress', 'Also in it')).toBeVisible();
  await expect(column(page, 'Done').getByRole('article')).toHaveCount(0);
  await expect(page.getByText('Typed before the document')).toHaveCount(0);
  // The swap kept the element: no remount, no flash.
  await expect(taskIn(page, 'To Do', 'Painted from the snapshot')).toHaveAttribute(
    'data-e2e-from-snapshot',
    '',
  );
  await expect(page.getByRole('status').filter({ hasText: 'the board as you last saw it' })).toHaveCount(0);

  // Edits work on the live board, still offline, and survive a reload.
  await addTask(page, 'Done', 'Made after the swap');
  await dragTask(page, 'Painted from the snapshot', 'Done');
  await expect(syncStatus(page)).toHaveAccessibleName(/changes waiting/);
  await page.reload();
  await expect(taskIn(page, 'Done', 'Made after the swap')).toBeVisible();
  await expect(taskIn(page, 'Done', 'Painted from the snapshot')).toBeVisible();
  await expect(column(page, 'To Do').getByRole('article')).toHaveCount(0);

  await server.start();
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server', {
    timeout: 15_000,
  });
});

test('a snapshot of another version, or damaged, is ignored: the board waits for the document', async ({
  context,
  page,
  server,
}) => {
  await context.addInitScript(HOLD_SCRIPT);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', 'Kept in the document');
  const id = await userId(page);
  await expect.poll(async () => (await storedSnapshots(page, id)).join('')).toContain('Kept in the document');

  const cases = {
    'another version': 'const s = JSON.parse(text); s.version = 999; return JSON.stringify(s);',
    'a task without its fields':
      'const s = JSON.parse(text); s.columns[0].tasks = [["only-an-id"]]; return JSON.stringify(s);',
    'not JSON': 'return text.slice(0, 40);',
  };
  for (const [what, mangle] of Object.entries(cases)) {
    await rewriteSnapshots(page, id, mangle);
    await reloadHeld(page);
    await expect(page.getByRole('status').filter({ hasText: 'Opening your workspace' }), what).toBeVisible();
    await expect(card(page, 'To Do', 'Kept in the document'), what).toHaveCount(0);
    await page.evaluate(() => (window as unknown as { __releaseDoc: () => void }).__releaseDoc());
    await expect(taskIn(page, 'To Do', 'Kept in the document'), what).toBeVisible();
    // The live board writes a good snapshot again (before the next case damages it).
    await expect
      .poll(async () => (await storedSnapshots(page, id)).map(versionOf), {
        message: what,
      })
      .toEqual([1]);
  }
  expect(errors).toEqual([]);
});

test('signing out deletes the board snapshots with the rest of the local data', async ({ page, server }) => {
  await openBoard(page, server.url, 'Ada');
  await addTask(page, 'To Do', 'Private');
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');
  const id = await userId(page);
  await expect.poll(async () => (await storedSnapshots(page, id)).join('')).toContain('Private');
  const snapshotDb = `taskflow:${id}:~snapshots`;
  const databases = () => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  expect(await databases()).toContain(snapshotDb);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await expect.poll(databases).not.toContain(snapshotDb);
});
