/**
 * Light or dark, per device: 'system' follows `prefers-color-scheme`; 'light' and 'dark' override
 * it. The choice lives in localStorage (not per account: a phone and a desk differ) under a key
 * outside `taskflow:user:…`, so signing out keeps it. /theme-init.js applies it before first paint;
 * this module applies later changes. Styles read `<html data-theme>` (styles.css).
 */
export const THEME_KEY = 'taskflow:theme';
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

export function readTheme(storage: Pick<Storage, 'getItem'> = localStorage): ThemeChoice {
  try {
    const value = storage.getItem(THEME_KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

/** Remembers the choice and applies it at once. */
export function setTheme(
  choice: ThemeChoice,
  root: Pick<HTMLElement, 'dataset'> = document.documentElement,
  storage: Pick<Storage, 'setItem' | 'removeItem'> = localStorage,
): void {
  try {
    if (choice === 'system') storage.removeItem(THEME_KEY);
    else storage.setItem(THEME_KEY, choice);
  } catch {
    // Storage blocked: the choice lasts until the page closes.
  }
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
}
