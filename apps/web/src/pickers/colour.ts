/**
 * A colour for a name (a label, a person), the same on every device and after every reload: the
 * hue comes from a hash of the name, so nothing is stored and two people see the same chip.
 *
 * Only the hue varies; saturation and lightness are fixed per theme so that the text on a chip
 * keeps a contrast of at least 4.5:1 whatever the hue (colour.test.ts checks all 360), in light
 * and in dark mode. The component sets the four colours as custom properties and the stylesheet
 * picks the pair of the theme showing (pickers.css), so a theme switch needs no re-render.
 */
import type { CSSProperties } from 'react';

/** FNV-1a over the UTF-16 code units: tiny, and spreads similar names ("bug", "bugs") apart. */
export function hueOf(name: string): number {
  let hash = 0x811c9dc5;
  const text = name.trim().toLocaleLowerCase();
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 360;
}

type Tone = { saturation: number; lightness: number };

/** Background and text, per theme: pale chip and deep ink in light mode, the reverse in dark. */
export const TONES = {
  light: { background: { saturation: 70, lightness: 90 }, ink: { saturation: 70, lightness: 24 } },
  dark: { background: { saturation: 40, lightness: 26 }, ink: { saturation: 80, lightness: 86 } },
} as const satisfies Record<'light' | 'dark', { background: Tone; ink: Tone }>;

function hsl(hue: number, tone: Tone): string {
  return `hsl(${hue} ${tone.saturation}% ${tone.lightness}%)`;
}

/** The custom properties a chip or avatar reads (pickers.css). */
export function colourStyle(name: string): CSSProperties {
  const hue = hueOf(name);
  return {
    '--tint-bg': hsl(hue, TONES.light.background),
    '--tint-ink': hsl(hue, TONES.light.ink),
    '--tint-bg-dark': hsl(hue, TONES.dark.background),
    '--tint-ink-dark': hsl(hue, TONES.dark.ink),
  } as CSSProperties;
}

/** sRGB channels 0–1 of an HSL colour (CSS Color 4's conversion). */
export function hslToRgb(hue: number, tone: Tone): [number, number, number] {
  const s = tone.saturation / 100;
  const l = tone.lightness / 100;
  const f = (n: number) => {
    const k = (n + hue / 30) % 12;
    const a = s * Math.min(l, 1 - l);
    return l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return [f(0), f(8), f(4)];
}

/** WCAG 2 contrast ratio of two sRGB colours. */
export function contrast(a: [number, number, number], b: [number, number, number]): number {
  const luminance = ([r, g, bl]: [number, number, number]) => {
    const lin = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(bl);
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Up to two initials: "Ada Lovelace" → "AL", "ada" → "A". */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return parts
    .slice(0, 2)
    .map((p) => [...p][0]?.toLocaleUpperCase() ?? '')
    .join('');
}
