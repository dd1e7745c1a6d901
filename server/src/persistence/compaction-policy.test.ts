/**
 * Issue 13: compaction's cost follows the bytes stored, not the rows, and it waits for a quiet
 * moment unless the backlog is overdue.
 */
import { describe, expect, it } from 'vitest';
import { compactionDue } from './compaction-policy.ts';

const EVERY = 200;
const backlog = (rows: number, bytes: number, snapshotBytes: number, forced = false) => ({
  rows,
  bytes,
  snapshotBytes,
  forced,
});

describe('when a document is compacted', () => {
  it('a large document is not compacted every COMPACT_EVERY rows, only once an eighth of its size has come', () => {
    const big = 5_000_000;
    expect(compactionDue(backlog(EVERY, EVERY * 300, big), EVERY)).toBe('not-due');
    expect(compactionDue(backlog(2_000, big / 8, big), EVERY)).toBe('when-quiet');
    expect(compactionDue(backlog(8_000, big / 2, big), EVERY)).toBe('now');
  });

  it('a small document still compacts every COMPACT_EVERY rows', () => {
    expect(compactionDue(backlog(EVERY - 1, 60_000, 20_000), EVERY)).toBe('not-due');
    expect(compactionDue(backlog(EVERY, 4_000, 20_000), EVERY)).toBe('when-quiet');
    expect(compactionDue(backlog(EVERY, 60_000, 20_000), EVERY)).toBe('now');
  });

  it('a few large rows (an import) are folded too: 64 KiB count as COMPACT_EVERY rows', () => {
    expect(compactionDue(backlog(3, 60_000, 0), EVERY)).toBe('not-due');
    expect(compactionDue(backlog(3, 4_000_000, 0), EVERY)).toBe('now');
    expect(compactionDue(backlog(3, 600_000, 4_000_000), EVERY)).toBe('when-quiet');
  });

  it('a backlog of 50 × COMPACT_EVERY rows is overdue whatever its bytes; a forced one waits for quiet', () => {
    expect(compactionDue(backlog(EVERY * 50, 1, 5_000_000), EVERY)).toBe('now');
    expect(compactionDue(backlog(3, 10, 5_000_000, true), EVERY)).toBe('when-quiet');
    expect(compactionDue(backlog(0, 0, 5_000_000, true), EVERY)).toBe('not-due');
  });
});
