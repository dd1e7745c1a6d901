/**
 * Archiving and deleting a record, for changes.ts: the kind a change of `archivedAt` or `deletedAt`
 * makes (any non-empty string archives or deletes, as readers read it: read.ts, deleted-record.ts).
 * A deletion is history too (issue 14): the activity says who deleted what, and the board as of a
 * moment (flat-state.ts, which applies `deletedAt` like any field) no longer shows it after that.
 */
import type * as Y from 'yjs';

type KeyChange = { action: 'add' | 'update' | 'delete'; oldValue: unknown };
type FieldChange = { field: string; from: unknown; to: unknown };

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const raw = (v: unknown): unknown => (v === undefined ? null : v);

export function archiveKind<E extends 'task' | 'project' | 'column'>(
  entity: E,
  from: unknown,
  to: unknown,
): `${E}.archived` | `${E}.restored` | null {
  const was = str(from) !== null;
  const is = str(to) !== null;
  if (was === is) return null;
  return is ? `${entity}.archived` : `${entity}.restored`;
}

/** A deletion or its undoing, with the project's name (a deleted project is named nowhere else). */
export function deletionChange<E extends 'task' | 'project'>(
  entity: E,
  change: KeyChange | undefined,
  map: Y.Map<unknown>,
): { kind: `${E}.deleted` | `${E}.undeleted`; madeAt: string | null; changes: FieldChange[] } | null {
  if (!change) return null;
  const was = str(change.oldValue) !== null;
  const now = map.get('deletedAt');
  if (was === (str(now) !== null)) return null;
  const changes: FieldChange[] = [{ field: 'deletedAt', from: raw(change.oldValue), to: raw(now) }];
  const name = str(map.get('name'));
  if (entity === 'project' && name) changes.push({ field: 'name', from: name, to: name });
  return { kind: was ? `${entity}.undeleted` : `${entity}.deleted`, madeAt: str(now), changes };
}
