/**
 * The browser section of `npm run bench` (issue 13, must-show 1): a real Taskflow server process
 * (temp SQLite, the built app in dist/web), a real signed-in user in Chromium (playwright-core,
 * Debian's /usr/bin/chromium), one project of 10,000 tasks written by a Node sync client. Each
 * figure is measured next to the floor, in the same run: the same board rendered by plain React
 * from plain JSON (bench/floor/floor.tsx, no Yjs), and printed as a ratio.
 *
 * - warm reopen: the page has opened the board (IndexedDB and the service worker filled), then
 *   reloads: navigation start → the board ready (below). Floor: reload, fetch JSON, render.
 * - first open: a fresh browser context (nothing stored), the sign-in form filled: the click on
 *   "Sign in" → the board ready (login, sync download, render). Floor: a fresh context, its page
 *   loaded: the click on its "Sign in" button → ready (fetch the JSON, render).
 * - local move: a card of To Do moved to In Progress with the keyboard (Space, ArrowRight, Space):
 *   the dropping Space's keydown → the card painted in In Progress.
 * - remote move: the Node sync client moves a card of To Do to the top of Done: the instant of the
 *   move in Node → the card painted in Done on the page (through the server). Floor: the instant a
 *   bare WebSocket sends the move as JSON → painted.
 * - typing: a task's panel opened, 20 characters typed into its title, 100 ms apart: each keydown
 *   → the frame painted after the input's handlers ran. Floor: a controlled input in a dialog.
 *
 * "Ready" is the first frame painted once the first column shows its full count and its first
 * card's buttons are in the DOM and usable, not inert (bench/browser-page.ts), the same signal on
 * both pages. The warm reopen also reports "painted": the first frame showing them, usable or not
 * (Taskflow paints its board from a snapshot, inert, before the document is loaded). Samples
 * alternate Taskflow / floor / floor with all cards, figure by figure, so machine load weighs on
 * both sides of a ratio; the load average is printed under the table.
 *
 * dist/web is rebuilt first (`npx vite build --logLevel warn`) when it is missing or older than
 * the web app's or the model's sources; BENCH_NO_BUILD=1 skips that. BENCH_BROWSER_SAMPLES=5 (per
 * figure), BENCH_BROWSER_TASKS=10000.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { FIRST_PROJECT_ID, moveTask, readBoard } from '@taskflow/model';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { connectSeedClient, type SeedClient, seedTasks } from '../e2e/fixtures/seed-client.ts';
import { createTestServer } from '../e2e/fixtures/server.ts';
import { floorBoard, startFloor } from './browser-floor.ts';
import {
  type Appeared,
  armAppearScript,
  armTypingScript,
  type Opened,
  type Ready,
  readyWatchScript,
} from './browser-page.ts';
import { ms, table } from './stats.ts';

const root = join(import.meta.dirname, '..');
const SAMPLES = Number(process.env.BENCH_BROWSER_SAMPLES ?? 5);
const TASKS = Number(process.env.BENCH_BROWSER_TASKS ?? 10_000);
const TYPED = ' typed by the bench.'; // 20 characters
const TIMEOUT = 60_000;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const settle = (msec: number) => new Promise((r) => setTimeout(r, msec));

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Builds dist/web when it is missing or older than what it is built from. */
function ensureBuilt(): string {
  const index = join(root, 'dist/web/index.html');
  const sources = [
    'apps/web/src',
    'apps/web/public',
    'apps/web/index.html',
    'packages/model/src',
    'vite.config.ts',
  ]
    .map((p) => join(root, p))
    .filter(existsSync);
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const stale = Math.max(...sources.map(newest)) > built;
  if (!stale) return 'dist/web was up to date';
  if (process.env.BENCH_NO_BUILD === '1') return 'dist/web is STALE (BENCH_NO_BUILD=1): measured as built';
  process.stderr.write(`browser: dist/web is ${built ? 'stale' : 'missing'}, building it…\n`);
  const t = performance.now();
  const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('vite build failed');
  return `dist/web was ${built ? 'stale' : 'missing'}: rebuilt in ${((performance.now() - t) / 1000).toFixed(1)} s`;
}

function timeout<T>(promise: Promise<T>, what: string, msec = TIMEOUT): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`browser bench: ${what} took over ${msec} ms`)), msec);
    }),
  ]);
}

async function readyOf(page: Page, what: string): Promise<Ready> {
  const handle = await page.waitForFunction(
    () => (window as unknown as { __benchReady?: Ready }).__benchReady,
    null,
    {
      timeout: TIMEOUT,
      polling: 50,
    },
  );
  const ready = (await handle.jsonValue()) as Ready | undefined;
  if (!ready) throw new Error(`browser bench: ${what} never ready`);
  return ready;
}

const appeared = (page: Page, what: string) =>
  timeout(
    page.evaluate(() => (window as unknown as { __appeared: Promise<Appeared> }).__appeared),
    what,
  );

const live = (page: Page, pattern: string) =>
  page.waitForFunction(
    (p) => new RegExp(p).test(document.querySelector('[id^="DndLiveRegion"]')?.textContent ?? ''),
    pattern,
    { timeout: TIMEOUT },
  );

type Figures = {
  warm: number[];
  /** The warm reopen's first frame showing the board, usable or not (Taskflow: from its snapshot). */
  warmPainted: number[];
  /** A warm reopen whose first card is clicked the moment it is usable: its panel painted. */
  warmOpened: number[];
  /** The same, from the click. */
  warmOpenedClick: number[];
  first: number[];
  local: number[];
  remote: number[];
  typing: number[];
};

type Target = {
  name: string;
  /** A fresh context's page at its board; returns the open time. */
  firstOpen(context: BrowserContext, page: Page): Promise<number>;
  /** Before the drop: pick the card up and move it over the next column. */
  pickUp(page: Page, title: string): Promise<void>;
  /** Makes the remote move; returns the epoch ms it was made at. */
  remoteMove(taskId: string, title: string): number;
  /** Where the board is, when the first open's page is elsewhere (reopened from there). */
  boardUrl?: string;
};

type Plan = {
  firstColumn: string;
  count: number;
  local: string[];
  remote: { id: string; title: string }[];
  open: string;
};

type Run = { target: Target; figures: Figures; context?: BrowserContext; page?: Page };

const pageOf = (run: Run): Page => {
  if (!run.page) throw new Error(`${run.target.name}: no page`);
  return run.page;
};

const log = (run: Run, what: string, value: number) =>
  process.stderr.write(`browser: ${run.target.name} ${what} ${ms(value)} ms\n`);

/**
 * Each figure's samples alternate between the targets (Taskflow, floor, …), so a busy machine
 * weighs on both sides of a ratio alike.
 */
async function measure(browser: Browser, targets: Target[], plan: Plan): Promise<Figures[]> {
  const runs: Run[] = targets.map((target) => ({
    target,
    figures: {
      warm: [],
      warmPainted: [],
      warmOpened: [],
      warmOpenedClick: [],
      first: [],
      local: [],
      remote: [],
      typing: [],
    },
  }));
  const watch = { column: plan.firstColumn, count: plan.count };
  for (let i = 0; i < SAMPLES; i++) {
    for (const run of runs) {
      await run.context?.close();
      run.context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await run.context.addInitScript(readyWatchScript(watch));
      run.page = await run.context.newPage();
      run.figures.first.push(await run.target.firstOpen(run.context, run.page));
      log(run, 'first open', run.figures.first.at(-1) ?? Number.NaN);
    }
  }
  for (const run of runs) {
    if (run.target.boardUrl) {
      await pageOf(run).goto(run.target.boardUrl, { waitUntil: 'commit' });
      await readyOf(pageOf(run), `${run.target.name} board`);
    }
  }
  // Let the last contexts store what they received (IndexedDB, service worker) before reopening.
  await settle(5000);
  for (let i = 0; i < SAMPLES; i++) {
    for (const run of runs) {
      await pageOf(run).reload({ waitUntil: 'commit' });
      run.figures.warm.push((await readyOf(pageOf(run), `${run.target.name} reopen`)).sinceNavigation);
      run.figures.warmPainted.push(
        await pageOf(run).evaluate(
          () =>
            (window as unknown as { __benchPainted?: Ready }).__benchPainted?.sinceNavigation ?? Number.NaN,
        ),
      );
      log(run, 'warm reopen', run.figures.warm.at(-1) ?? Number.NaN);
      log(run, 'warm reopen painted', run.figures.warmPainted.at(-1) ?? Number.NaN);
      await settle(1000);
    }
  }
  for (let i = 0; i < SAMPLES; i++) {
    for (const run of runs) {
      const opened = await reopenAndOpen(pageOf(run), run.target.name);
      run.figures.warmOpened.push(opened.sinceNavigation);
      run.figures.warmOpenedClick.push(opened.sinceClick);
      log(run, 'warm reopen, a card opened at usable', opened.sinceNavigation);
      await settle(1000);
    }
  }

  for (const title of plan.local) {
    for (const run of runs) {
      const page = pageOf(run);
      await run.target.pickUp(page, title);
      await page.evaluate(
        armAppearScript(`section[aria-label="In Progress"] article[aria-label="${title}"]`),
      );
      await page.keyboard.press('Space');
      run.figures.local.push((await appeared(page, `${run.target.name} local move`)).sinceKeydown);
      log(run, 'local move', run.figures.local.at(-1) ?? Number.NaN);
      await settle(500);
    }
  }

  for (const { id, title } of plan.remote) {
    for (const run of runs) {
      const page = pageOf(run);
      await page.evaluate(armAppearScript(`section[aria-label="Done"] article[aria-label="${title}"]`));
      const t0 = run.target.remoteMove(id, title);
      run.figures.remote.push((await appeared(page, `${run.target.name} remote move`)).epoch - t0);
      log(run, 'remote move', run.figures.remote.at(-1) ?? Number.NaN);
      await settle(500);
    }
  }

  for (const run of runs) {
    const page = pageOf(run);
    await page.getByRole('button', { name: `Open ${plan.open}`, exact: true }).click();
    const input = page.locator('dialog[open]').getByLabel('Title', { exact: true });
    await input.waitFor({ timeout: TIMEOUT });
    await input.click();
    await page.keyboard.press('End');
    await settle(300);
    await page.evaluate(armTypingScript());
    await page.keyboard.type(TYPED, { delay: 100 });
    await settle(300);
    run.figures.typing = await page.evaluate(() => (window as unknown as { __typing: number[] }).__typing);
    const value = await input.inputValue();
    if (!value.endsWith(TYPED))
      throw new Error(`${run.target.name}: typed text not shown (${JSON.stringify(value)})`);
    if (run.figures.typing.length !== TYPED.length)
      throw new Error(
        `${run.target.name}: ${run.figures.typing.length} of ${TYPED.length} keystrokes measured`,
      );
    await page.keyboard.press('Escape');
    await run.context?.close();
  }
  return runs.map((run) => run.figures);
}

/**
 * Reloads with the first card's "Open" clicked the moment it is usable (browser-page.ts), waits
 * for its panel, then closes it (Escape: Taskflow goes back to the board's address).
 */
async function reopenAndOpen(page: Page, what: string): Promise<Opened> {
  await page.evaluate(() => sessionStorage.setItem('bench:open-when-ready', '1'));
  await page.reload({ waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    () => (window as unknown as { __benchOpened?: Opened }).__benchOpened,
    null,
    { timeout: TIMEOUT, polling: 50 },
  );
  const opened = (await handle.jsonValue()) as Opened | undefined;
  if (!opened) throw new Error(`browser bench: ${what} never opened a card`);
  await page.evaluate(() => sessionStorage.removeItem('bench:open-when-ready'));
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelector('dialog[open]') === null, null, {
    timeout: TIMEOUT,
  });
  return opened;
}

async function signUpUser(
  url: string,
): Promise<{ token: string; userId: string; email: string; password: string }> {
  const who = { name: 'Ada', email: 'ada@example.test', password: 'Ada has a long password' };
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${url}/api/v1/auth/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.json() as Promise<{ accessToken: string; user: { id: string } }>;
  };
  await post('register', who);
  const login = await post('login', { email: who.email, password: who.password });
  return { token: login.accessToken, userId: login.user.id, email: who.email, password: who.password };
}

const p50 = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1] ?? Number.NaN;
};
const max = (xs: readonly number[]) => (xs.length ? Math.max(...xs) : Number.NaN);

export async function runBrowserBench(): Promise<void> {
  const build = ensureBuilt();
  const server = await createTestServer();
  let seeder: SeedClient | undefined;
  let browser: Browser | undefined;
  const floorStop: (() => Promise<void>)[] = [];
  try {
    const user = await signUpUser(server.url);
    const client = await connectSeedClient(server.url, { token: user.token, actorId: user.userId });
    seeder = client;
    const t = performance.now();
    await seedTasks(client, FIRST_PROJECT_ID, TASKS);
    process.stderr.write(
      `browser: seeded ${TASKS} tasks in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
    );
    const board = readBoard(client.doc, FIRST_PROJECT_ID);
    const [first, second, third] = board?.columns ?? [];
    if (!board || !first || !third || second?.name !== 'In Progress' || third.name !== 'Done')
      throw new Error('the seeded board lacks its To Do / In Progress / Done columns');
    // Cards near the top of To Do (both pages show those: Taskflow's columns are virtualized, only a
    // screenful is in the DOM): some moved locally, some remotely, one opened.
    const plan: Plan = {
      firstColumn: first.name,
      count: first.tasks.length,
      local: first.tasks.slice(2, 2 + SAMPLES).map((task) => task.title),
      remote: first.tasks.slice(20, 20 + SAMPLES).map((task) => ({ id: task.id, title: task.title })),
      open: first.tasks[1]?.title ?? '',
    };
    const floor = await startFloor(floorBoard(board));
    floorStop.push(floor.stop);
    const floorAll = await startFloor(floorBoard(board));
    floorStop.push(floorAll.stop);

    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });

    const doneId = third.id;
    const taskflow: Target = {
      name: 'taskflow',
      async firstOpen(_context, page) {
        await page.goto(`${server.url}/signin`);
        await page.getByLabel('Email').fill(user.email);
        await page.getByLabel('Password').fill(user.password);
        const clicked = await clickSignIn(page);
        return (await readyOf(page, 'taskflow first open')).epoch - clicked;
      },
      async pickUp(page, title) {
        await page.getByRole('button', { name: `Move ${title}`, exact: true }).focus();
        await page.keyboard.press('Space');
        // The board listens for arrows once the pick-up is rendered (announced).
        await live(page, '^Picked up task');
        await page.keyboard.press('ArrowRight');
        await live(page, 'In Progress');
      },
      remoteMove(id) {
        const t0 = performance.timeOrigin + performance.now();
        moveTask(client.doc, client.editor, id, doneId, 0);
        return t0;
      },
    };
    const floorTarget = (f: typeof floor, query: string): Target => ({
      name: query ? 'floor (all cards)' : 'floor',
      boardUrl: `${f.url}/${query}`,
      async firstOpen(_context, page) {
        await page.goto(`${f.url}/${query ? `${query}&` : '?'}signin=1`);
        const clicked = await clickSignIn(page);
        return (await readyOf(page, 'floor first open')).epoch - clicked;
      },
      async pickUp(page, title) {
        await page.getByRole('button', { name: `Move ${title}`, exact: true }).focus();
        await page.keyboard.press('Space');
        await page.keyboard.press('ArrowRight');
      },
      remoteMove(id) {
        return f.move(id, doneId, 0);
      },
    });

    const loadBefore = loadavg()[0] ?? Number.NaN;
    const [tf, fl, all] = (await measure(
      browser,
      [taskflow, floorTarget(floor, ''), floorTarget(floorAll, '?all=1')],
      plan,
    )) as [Figures, Figures, Figures];
    const load = `load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? Number.NaN).toFixed(1)} after on ${cpus().length} cores`;

    const rows = (
      [
        ['warm reopen → board painted', 'warmPainted'],
        ['warm reopen → board ready', 'warm'],
        ['warm reopen → a card clicked at ready → its panel painted', 'warmOpened'],
        ['  the same, from the click', 'warmOpenedClick'],
        ['first open (sign-in click) → board ready', 'first'],
        ['local keyboard move → painted', 'local'],
        ['remote move (Node client) → painted', 'remote'],
        ['typing in the task panel, per key → painted', 'typing'],
      ] as const
    ).map(([label, key]) => [
      label,
      String(tf[key].length),
      ms(p50(tf[key])),
      ms(max(tf[key])),
      ms(p50(fl[key])),
      ms(max(fl[key])),
      `${(p50(tf[key]) / p50(fl[key])).toFixed(1)}×`,
      ms(p50(all[key])),
    ]);
    console.log(
      `\nBrowser: a ${TASKS}-task project in Chromium (ms; Taskflow next to the floor, same run)\n`,
    );
    console.log(
      table(
        [
          'figure',
          'samples',
          'taskflow p50',
          'taskflow max',
          'floor p50',
          'floor max',
          'taskflow / floor',
          'floor, all cards p50',
        ],
        rows,
      ),
    );
    console.log(
      `\nfloor = the same board (same columns, card markup and stylesheet, the first 100 cards of each column;` +
        `\nTaskflow virtualizes its columns) rendered by plain React from plain JSON: no Yjs, no sync, no IndexedDB; a move is one` +
        `\nstate update, a remote move a JSON message on a bare WebSocket. "all cards" = the floor rendering all` +
        `\n${TASKS} cards (no window). Ready = first frame painted with the first column's full count and its first` +
        `\ncard's buttons in the DOM and usable (not inert); painted = the first such frame, usable or not (Taskflow` +
        `\npaints the board from its snapshot, inert, until the document is loaded). ${build}; ${load}.`,
    );
  } finally {
    await browser?.close();
    seeder?.destroy();
    for (const stop of floorStop) await stop();
    await server.dispose();
  }
}

/** Clicks "Sign in" from inside the page and returns when it did (page epoch ms): the open's start. */
function clickSignIn(page: Page): Promise<number> {
  return page.getByRole('button', { name: 'Sign in' }).evaluate((button: HTMLElement) => {
    const at = performance.timeOrigin + performance.now();
    button.click();
    return at;
  });
}
