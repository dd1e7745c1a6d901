/**
 * A profiling aid for issue 13's warm reopen, not part of `npm run bench`: seeds a 10,000-task
 * project (as bench/browser.ts does), opens the board once, then reloads it a few times and prints,
 * for each reload, the page's own timeline: the `taskflow:*` performance marks, the board painted
 * and ready (bench/browser-page.ts), and every long task (> 50 ms) with its start and length.
 * `TRACE_OPEN=1` clicks the first card's "Open" the moment the board is usable (and prints when
 * its panel was painted). `TRACE_CPU=1` also writes a Chromium trace with CPU samples of the last reload to
 * /tmp/reopen-trace.json (open it in chrome://tracing or the DevTools Performance panel).
 *
 *   TASKFLOW_TEST_STATIC_DIR=/tmp/dist-x node --import tsx bench/browser-reopen-trace.ts
 */
import { FIRST_PROJECT_ID, readBoard } from '@taskflow/model';
import { chromium } from 'playwright-core';
import { connectSeedClient, seedTasks } from '../e2e/fixtures/seed-client.ts';
import { createTestServer } from '../e2e/fixtures/server.ts';
import { type Opened, type Ready, readyWatchScript } from './browser-page.ts';

const TASKS = Number(process.env.BENCH_BROWSER_TASKS ?? 10_000);
const RELOADS = Number(process.env.TRACE_RELOADS ?? 4);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'];

/** Collects long tasks from the page's start (PerformanceObserver buffers them). */
const LONG_TASKS = `
window.__longTasks = [];
try {
  new PerformanceObserver(function (list) {
    for (const e of list.getEntries()) window.__longTasks.push([Math.round(e.startTime), Math.round(e.duration)]);
  }).observe({ type: 'longtask', buffered: true });
} catch (e) {}
`;

const server = await createTestServer();
try {
  const who = { name: 'Ada', email: 'ada@example.test', password: 'Ada has a long password' };
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${server.url}/api/v1/auth/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${path}: ${r.status}`);
    return r.json() as Promise<{ accessToken: string; user: { id: string } }>;
  };
  await post('register', who);
  const login = await post('login', { email: who.email, password: who.password });
  const client = await connectSeedClient(server.url, { token: login.accessToken, actorId: login.user.id });
  await seedTasks(client, FIRST_PROJECT_ID, TASKS);
  const first = readBoard(client.doc, FIRST_PROJECT_ID)?.columns[0];
  if (!first) throw new Error('no first column');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(readyWatchScript({ column: first.name, count: first.tasks.length }));
  await context.addInitScript(LONG_TASKS);
  const page = await context.newPage();
  await page.goto(`${server.url}/signin`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const readyOf = () =>
    page.waitForFunction(() => (window as unknown as { __benchReady?: Ready }).__benchReady, null, {
      timeout: 60_000,
      polling: 50,
    });
  await readyOf();
  await new Promise((r) => setTimeout(r, 5_000));
  for (let i = 0; i < RELOADS; i++) {
    const tracing = process.env.TRACE_CPU === '1' && i === RELOADS - 1;
    if (tracing)
      await browser.startTracing(page, {
        path: '/tmp/reopen-trace.json',
        categories: ['devtools.timeline', 'disabled-by-default-v8.cpu_profiler', 'v8', 'blink.user_timing'],
      });
    // TRACE_OPEN=1: the first card's "Open" is clicked the moment the board is usable (browser-page.ts).
    if (process.env.TRACE_OPEN === '1')
      await page.evaluate(() => sessionStorage.setItem('bench:open-when-ready', '1'));
    await page.reload({ waitUntil: 'commit' });
    await readyOf();
    if (process.env.TRACE_OPEN === '1') {
      await page.waitForFunction(() => (window as unknown as { __benchOpened?: unknown }).__benchOpened);
      await page.evaluate(() => sessionStorage.removeItem('bench:open-when-ready'));
    }
    await new Promise((r) => setTimeout(r, 1_000));
    if (tracing) await browser.stopTracing();
    const timeline = await page.evaluate(() => {
      const w = window as unknown as {
        __benchReady: Ready;
        __benchPainted?: Ready;
        __benchOpened?: Opened;
        __longTasks: number[][];
      };
      return {
        painted: Math.round(w.__benchPainted?.sinceNavigation ?? Number.NaN),
        opened: Math.round(w.__benchOpened?.sinceNavigation ?? Number.NaN),
        ready: Math.round(w.__benchReady.sinceNavigation),
        marks: performance
          .getEntriesByType('mark')
          .filter((m) => m.name.startsWith('taskflow:'))
          .map((m) => `${m.name.slice(9)}@${Math.round(m.startTime)}`),
        long: w.__longTasks.map(([s, d]) => `${s}+${d}`),
      };
    });
    console.log(
      `reload ${i + 1}: painted ${timeline.painted} ready ${timeline.ready} opened ${timeline.opened} | ${timeline.marks.join(' ')} | long ${timeline.long.join(' ')}`,
    );
  }
  await browser.close();
  client.destroy();
} finally {
  await server.dispose();
}
