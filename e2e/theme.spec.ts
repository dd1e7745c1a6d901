/**
 * Issue 14, "Everywhere": dark mode follows the system, a switch in Settings (System / Light /
 * Dark) overrides it on this device, survives a reload, and is in place before the page paints.
 */
import type { Page } from '@playwright/test';
import { openBoard } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

test.use({ colorScheme: 'dark' });

/** Relative luminance of the page's background (0 black … 1 white). */
async function backgroundLuminance(page: Page): Promise<number> {
  return page.evaluate(() => {
    const [r, g, b] = (getComputedStyle(document.documentElement).backgroundColor.match(/\d+/g) ?? [])
      .slice(0, 3)
      .map((v) => {
        const c = Number(v) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
  });
}

/** The contrast ratio of the body text on the page background (WCAG: at least 4.5). */
async function textContrast(page: Page): Promise<number> {
  return page.evaluate(() => {
    const lum = (color: string) => {
      const [r, g, b] = (color.match(/\d+/g) ?? []).slice(0, 3).map((v) => {
        const c = Number(v) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
    };
    const style = getComputedStyle(document.documentElement);
    const [a, b] = [lum(style.color), lum(style.backgroundColor)].sort((x, y) => y - x);
    return ((a ?? 0) + 0.05) / ((b ?? 0) + 0.05);
  });
}

test('the page is dark when the system is; the Settings switch overrides it and survives a reload', async ({
  page,
  server,
}) => {
  // What the theme is when <body> first appears: set by then, it was set before the first paint.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.body) return;
      (window as unknown as { themeAtBody: string }).themeAtBody =
        document.documentElement.dataset.theme ?? 'system';
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });

  await openBoard(page, server.url, 'Ada');
  expect(await backgroundLuminance(page)).toBeLessThan(0.05);
  expect(await textContrast(page)).toBeGreaterThanOrEqual(4.5);

  await page.getByRole('link', { name: 'Settings' }).click();
  const appearance = page.getByRole('group', { name: 'Appearance' });
  await expect(appearance.getByRole('radio', { name: 'System' })).toBeChecked();
  await appearance.getByRole('radio', { name: 'Light' }).check();
  await expect.poll(() => backgroundLuminance(page)).toBeGreaterThan(0.8);
  expect(await textContrast(page)).toBeGreaterThanOrEqual(4.5);

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { themeAtBody: string }).themeAtBody)).toBe('light');
  expect(await backgroundLuminance(page)).toBeGreaterThan(0.8);
  await expect(appearance.getByRole('radio', { name: 'Light' })).toBeChecked();

  // Dark on a light system, and back to following the system.
  await page.emulateMedia({ colorScheme: 'light' });
  await appearance.getByRole('radio', { name: 'Dark' }).check();
  await expect.poll(() => backgroundLuminance(page)).toBeLessThan(0.05);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { themeAtBody: string }).themeAtBody)).toBe('dark');
  expect(await backgroundLuminance(page)).toBeLessThan(0.05);
  await appearance.getByRole('radio', { name: 'System' }).check();
  await expect.poll(() => backgroundLuminance(page)).toBeGreaterThan(0.8);
});
