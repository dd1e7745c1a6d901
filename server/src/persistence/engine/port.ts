/**
 * The database port: the part of better-sqlite3's API the server uses, as types. Stores are written
 * against this and run on either engine: better-sqlite3 itself (it satisfies these interfaces
 * structurally, so the default path pays no wrapper) or PostgreSQL (engine/pg-database.ts), which
 * keeps the same synchronous calls by waiting on a worker thread.
 *
 * Synchronous on purpose: the sync layer appends an update inside Yjs's `update` event and the
 * acknowledgement goes out later in the same tick; a call that returns only once the statement
 * (and its COMMIT) is done is what makes "acknowledged = committed" hold on both engines.
 *
 * SQL written for the stores must be accepted by both engines as it stands, or by the small
 * translation engine/pg-dialect.ts does (`?` and `@name` placeholders, INSERT OR IGNORE/REPLACE).
 */

export type RunResult = { changes: number; lastInsertRowid: number | bigint };

export interface Statement<P extends unknown[] = unknown[], R = unknown> {
  run(...params: P): RunResult;
  get(...params: P): R | undefined;
  all(...params: P): R[];
}

// biome-ignore lint/suspicious/noExplicitAny: mirrors better-sqlite3's own signature (any argument list).
type AnyFunction = (...params: any[]) => unknown;
type ArgumentTypes<F extends AnyFunction> = F extends (...args: infer A) => unknown ? A : never;

/** `db.transaction(fn)`: calling it runs fn in one transaction (a savepoint when nested). */
export interface Transaction<F extends AnyFunction> {
  (...params: ArgumentTypes<F>): ReturnType<F>;
  /** SQLite: takes the write lock at BEGIN. PostgreSQL: the same as calling it (row locks are taken as written). */
  immediate(...params: ArgumentTypes<F>): ReturnType<F>;
}

export interface Database {
  // biome-ignore lint/complexity/noBannedTypes: better-sqlite3's bound for named parameters ({} = one object).
  prepare<P extends unknown[] | {} = unknown[], R = unknown>(
    sql: string,
  ): P extends unknown[] ? Statement<P, R> : Statement<[P], R>;
  transaction<F extends AnyFunction>(fn: F): Transaction<F>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): unknown;
  /** SQLite only; the PostgreSQL engine throws (callers say so). */
  pragma(source: string, options?: { simple?: boolean }): unknown;
  readonly inTransaction: boolean;
  readonly open: boolean;
  close(): unknown;
}

/** Which engine a database runs on: features that only make sense on SQLite ask this. */
export type EngineName = 'sqlite' | 'postgres';

/** The engine behind a handle: PostgreSQL handles carry the marker, better-sqlite3 ones do not. */
export function engineOf(db: Database): EngineName {
  return (db as { engine?: unknown }).engine === 'postgres' ? 'postgres' : 'sqlite';
}
