import { describe, expect, it } from 'vitest';
import { undoNotice } from './undo-notice.ts';

const result = (applied: number, changedSince = 0, refused = 0) => ({
  label: 'edit of “Fix login”',
  applied,
  changedSince,
  refused,
});

describe('undo notice', () => {
  it('says what was done', () => {
    expect(undoNotice('undo', result(1))).toBe('Undid edit of “Fix login”.');
    expect(undoNotice('redo', result(2))).toBe('Redid edit of “Fix login”.');
  });

  it('says what was left because someone else changed it, or because it is no longer possible', () => {
    expect(undoNotice('undo', result(1, 1))).toBe(
      'Undid edit of “Fix login”; 1 change left as is because someone else changed it since.',
    );
    expect(undoNotice('undo', result(2, 2, 1))).toBe(
      'Undid edit of “Fix login”; 2 changes left as is because someone else changed it since; 1 change no longer possible.',
    );
    expect(undoNotice('undo', result(0, 2))).toBe(
      'Nothing undone for edit of “Fix login”: someone else changed it since.',
    );
    expect(undoNotice('redo', result(0, 0, 1))).toBe(
      'Nothing redone for edit of “Fix login”: it is no longer possible.',
    );
    expect(undoNotice('undo', result(0, 1, 1))).toBe(
      'Nothing undone for edit of “Fix login”: someone else changed it since, or it is no longer possible.',
    );
  });
});
