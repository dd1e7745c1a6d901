/**
 * What a storage error means, whichever engine raised it: the stores and storage-fault.ts ask here
 * instead of matching one engine's codes. SQLite names its codes (`SQLITE_FULL`); PostgreSQL
 * errors carry their SQLSTATE (`53100`) or, for a lost connection, Node's errno (`ECONNREFUSED`).
 */
export type StorageErrorKind =
  /** A unique or primary key already holds the value (a request's conflict, not a fault). */
  | 'unique'
  /** No room: the disk (or the database's quota) is full. */
  | 'full'
  /** A lock was held past the wait allowed (busy_timeout, lock_timeout), or a serialization conflict. */
  | 'locked'
  /** The database cannot be reached (PostgreSQL down, the connection lost). */
  | 'unreachable'
  /** The storage itself failed: I/O, corruption, read-only. */
  | 'io';

const SQLITE: readonly [RegExp, StorageErrorKind][] = [
  [/^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)$/, 'unique'],
  [/^SQLITE_FULL/, 'full'],
  [/^SQLITE_(BUSY|LOCKED)/, 'locked'],
  [/^SQLITE_(CANTOPEN)/, 'unreachable'],
  [/^SQLITE_(IOERR|READONLY|PROTOCOL|CORRUPT|NOTADB)/, 'io'],
];

const POSTGRES: readonly [RegExp, StorageErrorKind][] = [
  [/^23505$/, 'unique'],
  [/^53300$/, 'locked'], // too many connections: try again later
  [/^53/, 'full'], // insufficient resources: 53100 disk full, 53200 out of memory
  [/^(55P03|40001|40P01|57014)$/, 'locked'], // lock timeout, serialization, deadlock, statement timeout
  [/^(08|57P0[1-3])/, 'unreachable'], // connection exceptions, the server shutting down or starting
  [/^(E[A-Z]+|PG_UNREACHABLE)$/, 'unreachable'], // Node's errno on the socket: ECONNREFUSED, ECONNRESET…
  [/^(58|XX001|XX002|25006)/, 'io'], // system and I/O errors, corruption, a read-only (standby) server
];

export function storageErrorKind(error: unknown): StorageErrorKind | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  const table = code.startsWith('SQLITE_') ? SQLITE : POSTGRES;
  return table.find(([pattern]) => pattern.test(code))?.[1];
}

export function isUniqueViolation(error: unknown): boolean {
  return storageErrorKind(error) === 'unique';
}

/** Any integrity constraint refused the write (unique, foreign key, not null, check): SQLITE_CONSTRAINT*, SQLSTATE class 23. */
export function isConstraintViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CONSTRAINT') || /^23[0-9A-Z]{3}$/.test(code));
}
