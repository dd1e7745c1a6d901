import { describe, expect, it } from 'vitest';
import { chordLabel, chordPress, SHORTCUTS, shortcutFor } from './shortcut-registry.ts';

const press = (
  key: string,
  mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {},
) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

const actionOf = (p: ReturnType<typeof press>) => shortcutFor(p)?.shortcut.action;

describe('shortcut registry', () => {
  it('matches single letters without modifiers, in either case of key name', () => {
    expect(actionOf(press('j'))).toBe('down');
    expect(actionOf(press('ArrowDown'))).toBe('down');
    expect(actionOf(press('l'))).toBe('labels');
    expect(actionOf(press('j', { ctrlKey: true }))).toBeUndefined();
    expect(actionOf(press('j', { altKey: true }))).toBeUndefined();
    expect(actionOf(press('J', { shiftKey: true }))).toBeUndefined();
    expect(actionOf(press('ArrowDown', { shiftKey: true }))).toBeUndefined();
  });

  it('tells undo from redo, and leaves Ctrl/Cmd chords to their modules', () => {
    expect(shortcutFor(press('z'))).toMatchObject({ shortcut: { action: 'undo' }, chord: { key: 'z' } });
    expect(shortcutFor(press('Z', { shiftKey: true }))?.shortcut.action).toBe('redo');
    expect(shortcutFor(press('z', { ctrlKey: true }))?.chord.by).toBe('undo');
    expect(shortcutFor(press('z', { metaKey: true }))?.chord.by).toBe('undo');
    expect(shortcutFor(press('Z', { metaKey: true, shiftKey: true }))).toMatchObject({
      shortcut: { action: 'redo' },
      chord: { by: 'undo' },
    });
    expect(shortcutFor(press('k', { ctrlKey: true }))?.chord.by).toBe('palette');
  });

  it('takes "?" with the Shift that types it', () => {
    expect(actionOf(press('?', { shiftKey: true }))).toBe('help');
    expect(actionOf(press('?'))).toBe('help');
  });

  it('gives every chord one action only, and every action one entry', () => {
    const actions = SHORTCUTS.map((s) => s.action);
    expect(new Set(actions).size).toBe(actions.length);
    const chords = SHORTCUTS.flatMap((s) => s.chords.map(chordPress));
    expect(new Set(chords).size).toBe(chords.length);
    // Each printed chord finds its own entry again.
    for (const s of SHORTCUTS) {
      for (const c of s.chords) {
        const p = press(c.shift && c.key.length === 1 ? c.key.toUpperCase() : c.key, {
          ctrlKey: Boolean(c.mod),
          shiftKey: Boolean(c.shift),
        });
        expect(shortcutFor(p)?.shortcut.action, chordPress(c)).toBe(s.action);
      }
    }
  });

  it('prints chords for people and for Playwright', () => {
    expect(chordLabel({ key: 'j' }, false)).toBe('J');
    expect(chordLabel({ key: 'ArrowDown' }, false)).toBe('↓');
    expect(chordLabel({ key: 'z', shift: true }, false)).toBe('Shift Z');
    expect(chordLabel({ key: 'k', mod: true }, true)).toBe('⌘ K');
    expect(chordLabel({ key: 'k', mod: true }, false)).toBe('Ctrl K');
    expect(chordPress({ key: 'z', shift: true, mod: true })).toBe('ControlOrMeta+Shift+Z');
    expect(chordPress({ key: 'Escape' })).toBe('Escape');
  });
});
