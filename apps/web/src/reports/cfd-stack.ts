/**
 * The cumulative flow diagram's bands. Each column's line is its count plus the counts of every
 * column after it in board order, so the done column lies at the bottom and the first column's
 * line is the total: drawing the lines top first, each filled down to zero, leaves each column's
 * band between its line and the next one. A column absent from a day (archived before its end)
 * adds nothing that day, and its raw value stays null so the table and legend can say so.
 */
export type CfdBands = {
  /** Per column (board order), per day: the top of its band. */
  tops: number[][];
  /** Per column, per day: the server's count, or null when the column did not exist that day. */
  counts: (number | null)[][];
};

export function stackCfd(
  columnIds: readonly string[],
  days: readonly { counts: Readonly<Record<string, number>> }[],
): CfdBands {
  const counts = columnIds.map((id) => days.map((day) => (id in day.counts ? (day.counts[id] ?? 0) : null)));
  const tops = columnIds.map(() => days.map(() => 0));
  for (let d = 0; d < days.length; d++) {
    let sum = 0;
    for (let c = columnIds.length - 1; c >= 0; c--) {
      sum += counts[c]?.[d] ?? 0;
      const row = tops[c];
      if (row) row[d] = sum;
    }
  }
  return { tops, counts };
}
