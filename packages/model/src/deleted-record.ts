/**
 * A deleted task or project (deletion.ts) is gone for every reader, as if it had never been there.
 * One test for all of them — the validating readers (read.ts) and the hand-rolled fast ones (the
 * task, search and structure indexes) — read as the archived state is (any non-empty string).
 */
export function isDeletedRecord(map: { get(key: string): unknown }): boolean {
  const at = map.get('deletedAt');
  return typeof at === 'string' && at.length > 0;
}
