/**
 * Issue 8, item 8: a browser killed right after opening the app, before its rotated refresh cookie
 * reached disk (Chromium writes cookies about every 30 s), restarts with the previous cookie and is
 * still signed in. A real Chromium profile on disk, and a real SIGKILL of the browser process.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from '@playwright/test';
import { column, syncStatus } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

const REFRESH_PATH = '/api/v1/auth/refresh';

/** The browser process of a profile: the one started with its --user-data-dir and no --type. */
function browserPid(profile: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // exited while we looked
    }
    if (args.includes(`--user-data-dir=${profile}`) && !args.some((a) => a.startsWith('--type='))) {
      return Number(entry);
    }
  }
  throw new Error(`no browser process for ${profile}`);
}

/**
 * A crash of the whole browser at once. Killing only the browser process is not one: its network
 * service process then shuts down in order and writes the cookie store on the way out. Playwright
 * starts the browser as the leader of its own process group, so the group is this browser's
 * processes and no others.
 */
function crash(profile: string): void {
  const pid = browserPid(profile);
  const group = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[2]);
  if (group !== pid) throw new Error(`browser ${pid} does not lead its process group (${group})`);
  process.kill(-pid, 'SIGKILL');
}

async function refreshCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === 'tf_refresh');
  if (!cookie) throw new Error('no refresh cookie in the browser');
  return cookie.value;
}

async function firstPage(context: BrowserContext): Promise<Page> {
  return context.pages()[0] ?? context.newPage();
}

test('a browser killed right after opening the app is still signed in when it starts again', async ({
  server,
}, testInfo) => {
  const profile = await mkdtemp(join(tmpdir(), 'taskflow-profile-'));
  const { launchOptions, viewport } = testInfo.project.use;
  const launch = () => chromium.launchPersistentContext(profile, { ...launchOptions, viewport });
  let context: BrowserContext | null = null;
  try {
    // Sign up, then close the browser properly: the sign-in cookie is on disk.
    context = await launch();
    let page = await firstPage(context);
    await page.goto(`${server.url}/signup`);
    await page.getByLabel('Name').fill('Ada');
    await page.getByLabel('Email').fill('ada@example.test');
    await page.getByLabel('Password').fill('Ada has a long password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(column(page, 'To Do')).toBeVisible();
    const onDisk = await refreshCookie(context);
    await context.close();

    // Open the app: it rotates the cookie at start. Kill the browser as soon as it has the new one.
    context = await launch();
    page = await firstPage(context);
    const opened = Date.now();
    const rotation = page.waitForResponse((r) => r.url().endsWith(REFRESH_PATH));
    await page.goto(server.url);
    const rotated = await rotation;
    expect(rotated.status()).toBe(200);
    expect(await rotated.request().headerValue('cookie')).toContain(`tf_refresh=${onDisk}`);
    expect(await refreshCookie(context)).not.toBe(onDisk);
    const closed = new Promise<void>((resolve) => context?.once('close', () => resolve()));
    crash(profile);
    await closed;
    context = null;
    console.info(`browser killed ${Date.now() - opened} ms after opening the app`);

    // Start again: the rotated cookie was lost, the previous one comes back, and it is accepted.
    context = await launch();
    page = await firstPage(context);
    const restart = page.waitForResponse((r) => r.url().endsWith(REFRESH_PATH));
    await page.goto(server.url);
    const restarted = await restart;
    expect(await restarted.request().headerValue('cookie')).toContain(`tf_refresh=${onDisk}`);
    expect(restarted.status()).toBe(200);
    await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');
    await expect(page.getByRole('alert').filter({ hasText: 'Sign in again' })).toHaveCount(0);

    // And the session goes on: the next start rotates from the new cookie.
    const current = await refreshCookie(context);
    const reopen = page.waitForResponse((r) => r.url().endsWith(REFRESH_PATH));
    await page.reload();
    const reopened = await reopen;
    expect(await reopened.request().headerValue('cookie')).toContain(`tf_refresh=${current}`);
    expect(reopened.status()).toBe(200);
    await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');
  } finally {
    await context?.close().catch(() => undefined);
    await rm(profile, { recursive: true, force: true });
  }
});
