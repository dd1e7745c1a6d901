import { describe, expect, it } from 'vitest';
import { isTextEntry, type KeyPress, undoCommand } from './undo-keys.ts';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('undo keys', () => {
  it('Ctrl/Cmd+Z undoes; Ctrl/Cmd+Shift+Z and Ctrl+Y redo', () => {
    expect(undoCommand(press('z', { ctrlKey: true }))).toBe('undo');
    expect(undoCommand(press('z', { metaKey: true }))).toBe('undo');
    expect(undoCommand(press('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(undoCommand(press('Z', { metaKey: true, shiftKey: true }))).toBe('redo');
    expect(undoCommand(press('y', { ctrlKey: true }))).toBe('redo');
  });

  it('leaves every other key alone', () => {
    expect(undoCommand(press('z'))).toBeNull();
    expect(undoCommand(press('z', { shiftKey: true }))).toBeNull();
    expect(undoCommand(press('z', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(undoCommand(press('y', { metaKey: true }))).toBeNull(); // Cmd+Y is the browser's history on macOS
    expect(undoCommand(press('x', { ctrlKey: true }))).toBeNull();
  });

  it('keeps the browser’s own text undo where a person types', () => {
    for (const tagName of ['INPUT', 'textarea', 'SELECT']) expect(isTextEntry({ tagName })).toBe(true);
    expect(isTextEntry({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTextEntry({ tagName: 'BUTTON' })).toBe(false);
    expect(isTextEntry({ tagName: 'BODY' })).toBe(false);
    expect(isTextEntry(null)).toBe(false);
  });

  it('a checkbox or a button-like input is not typed into: Ctrl+Z there is the board’s undo', () => {
    for (const type of ['checkbox', 'radio', 'button', 'RANGE'])
      expect(isTextEntry({ tagName: 'INPUT', type })).toBe(false);
    for (const type of ['text', 'number', 'date', 'search'])
      expect(isTextEntry({ tagName: 'INPUT', type })).toBe(true);
  });
});
