/**
 * When a document's log is folded into its snapshot (issue 13). Compaction encodes the whole live
 * document and writes it: 0.26–0.63 s of the one event loop at 10,000 tasks, during which no
 * update is applied, stored or acknowledged. Folding every COMPACT_EVERY rows made that cost grow
 * with the document and land in the middle of bursts (the p99 of appends). So:
 *
 * - size-aware: it is due only once the rows not yet folded reach COMPACT_EVERY (or 64 KiB, as a
 *   few large imports do) *and* an eighth of the snapshot's bytes, so its cost per stored byte
 *   stays constant as documents grow (a 10,000-task snapshot of ~4 MB folds every ~500 KB of
 *   updates, not every 200 rows). What those rows cost a load (merging them after the snapshot)
 *   stays within that eighth;
 * - off the hot path: a due compaction waits until the document has had no update for QUIET_MS;
 *   only an overdue one (half the snapshot's bytes, or 50 × COMPACT_EVERY rows) runs at the end
 *   of the current turn regardless, which bounds what a load must merge on a never-quiet document.
 *
 * Every accepted update is in the log before its ack whatever this decides: compaction is only a
 * shortcut for loads, never what makes an update durable.
 */

export type Backlog = {
  /** Log rows not yet in the snapshot. */
  rows: number;
  /** Their bytes. */
  bytes: number;
  /** The snapshot's size when last written or loaded. */
  snapshotBytes: number;
  /** Fold at the next quiet moment whatever the sizes (parked structs dropped at load). */
  forced: boolean;
};

/** No update for this long: the document is quiet, a due compaction runs. */
export const QUIET_MS = 100;
const DUE_FRACTION = 1 / 8;
const OVERDUE_FRACTION = 1 / 2;
const OVERDUE_ROWS_FACTOR = 50;
/** Bytes that make a backlog worth folding whatever its row count (a few large imported updates). */
const MIN_BYTES = 64 * 1024;

export type Decision = 'not-due' | 'when-quiet' | 'now';

export function compactionDue(backlog: Backlog, compactEvery: number): Decision {
  const { rows, bytes, snapshotBytes } = backlog;
  if (rows === 0) return 'not-due';
  if (rows >= compactEvery * OVERDUE_ROWS_FACTOR) return 'now';
  const enough = rows >= compactEvery || bytes >= MIN_BYTES;
  if (enough && bytes >= snapshotBytes * OVERDUE_FRACTION) return 'now';
  if (backlog.forced || (enough && bytes >= snapshotBytes * DUE_FRACTION)) return 'when-quiet';
  return 'not-due';
}
