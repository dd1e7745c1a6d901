/**
 * Order inside a column: jittered fractional keys, compared as (rank, id). Two clients that insert
 * at the same spot offline almost never pick the same key, and when they do the id breaks the tie,
 * so nobody needs to re-rank anything (SPEC M5).
 */
import { generateJitteredKeyBetween } from 'fractional-indexing-jittered';

export type Ranked = { id: string; rank: string };

export function compareRanked(a: Ranked, b: Ranked): number {
  if (a.rank !== b.rank) return a.rank < b.rank ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * A key that sorts at `index` among `sorted` (which must not contain the item being placed).
 * Never generates between equal keys: inside a run of equal ranks the item lands after the run.
 */
export function rankAt(sorted: readonly Ranked[], index: number): string {
  const i = Math.max(0, Math.min(index, sorted.length));
  let lower = i > 0 ? (sorted[i - 1]?.rank ?? null) : null;
  let upper = i < sorted.length ? (sorted[i]?.rank ?? null) : null;
  if (lower !== null && upper !== null && lower >= upper) {
    // Equal (or corrupt, out-of-order) neighbours: step past every key equal to `lower`.
    const next = sorted.slice(i).find((r) => r.rank > (lower as string));
    upper = next ? next.rank : null;
  }
  if (lower !== null && upper !== null && lower >= upper) lower = null;
  return safeBetween(lower, upper);
}

function safeBetween(lower: string | null, upper: string | null): string {
  try {
    return generateJitteredKeyBetween(lower, upper);
  } catch {
    // A peer wrote a key outside the alphabet; fall back to ranking against the valid side only.
    for (const [lo, up] of [
      [lower, null],
      [null, upper],
    ] as const) {
      try {
        return generateJitteredKeyBetween(lo, up);
      } catch {}
    }
    return generateJitteredKeyBetween(null, null);
  }
}

/** A key after every key in `sorted`. */
export function rankAfterAll(sorted: readonly Ranked[]): string {
  return rankAt(sorted, sorted.length);
}
