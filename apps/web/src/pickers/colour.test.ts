import { describe, expect, it } from 'vitest';
import { colourStyle, contrast, hslToRgb, hueOf, initials, TONES } from './colour.ts';

describe('colours of names', () => {
  it('gives a name the same hue every time, whatever its case or spaces', () => {
    expect(hueOf('bug')).toBe(hueOf('bug'));
    expect(hueOf(' Bug ')).toBe(hueOf('bug'));
    expect(hueOf('bug')).toBeGreaterThanOrEqual(0);
    expect(hueOf('bug')).toBeLessThan(360);
  });

  it('spreads names over the wheel (close names get different hues)', () => {
    const names = ['bug', 'bugs', 'frontend', 'backend', 'design', 'ops', 'docs', 'urgent', 'ux', 'api'];
    expect(new Set(names.map(hueOf)).size).toBeGreaterThanOrEqual(9);
  });

  it('keeps chip text readable (at least 4.5:1) for every hue, in light and in dark mode', () => {
    for (const theme of ['light', 'dark'] as const) {
      for (let hue = 0; hue < 360; hue++) {
        const ratio = contrast(hslToRgb(hue, TONES[theme].background), hslToRgb(hue, TONES[theme].ink));
        expect(ratio, `${theme} hue ${hue}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it('converts HSL as CSS does, and measures contrast as WCAG does', () => {
    expect(hslToRgb(0, { saturation: 100, lightness: 50 })).toEqual([1, 0, 0]);
    expect(contrast([0, 0, 0], [1, 1, 1])).toBeCloseTo(21, 5);
  });

  it('sets both themes’ colours as custom properties', () => {
    const style = colourStyle('bug') as Record<string, string>;
    expect(Object.keys(style).sort()).toEqual([
      '--tint-bg',
      '--tint-bg-dark',
      '--tint-ink',
      '--tint-ink-dark',
    ]);
    expect(style['--tint-bg']).toBe(`hsl(${hueOf('bug')} 70% 90%)`);
  });

  it('makes initials of up to two words', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('  ada  ')).toBe('A');
    expect(initials('Grace Brewster Hopper')).toBe('GB');
    expect(initials('')).toBe('');
  });
});
