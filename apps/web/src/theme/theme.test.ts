import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readTheme, setTheme, THEME_KEY } from './theme.ts';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

/** Runs public/theme-init.js (the before-paint half) against a stored value. */
function runInit(stored: string | null): string | undefined {
  const source = readFileSync(new URL('../../public/theme-init.js', import.meta.url), 'utf8');
  const root = { dataset: {} as Record<string, string> };
  const storage = { getItem: (k: string) => (k === THEME_KEY ? stored : null) };
  new Function('localStorage', 'document', source)(storage, { documentElement: root });
  return root.dataset.theme;
}

describe('theme choice', () => {
  test('reads light and dark; anything else, or blocked storage, follows the system', () => {
    expect(readTheme(memoryStorage({ [THEME_KEY]: 'dark' }))).toBe('dark');
    expect(readTheme(memoryStorage({ [THEME_KEY]: 'light' }))).toBe('light');
    expect(readTheme(memoryStorage({ [THEME_KEY]: 'purple' }))).toBe('system');
    expect(readTheme(memoryStorage())).toBe('system');
    const blocked = {
      getItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(readTheme(blocked)).toBe('system');
  });

  test('setting a choice stores it and marks the root; System forgets it', () => {
    const storage = memoryStorage();
    const root = { dataset: {} as DOMStringMap };
    setTheme('dark', root, storage);
    expect(storage.data.get(THEME_KEY)).toBe('dark');
    expect(root.dataset.theme).toBe('dark');
    setTheme('system', root, storage);
    expect(storage.data.has(THEME_KEY)).toBe(false);
    expect(root.dataset.theme).toBeUndefined();
  });

  test('the before-paint script reads the same key and values', () => {
    expect(runInit('dark')).toBe('dark');
    expect(runInit('light')).toBe('light');
    expect(runInit('purple')).toBeUndefined();
    expect(runInit(null)).toBeUndefined();
  });
});
