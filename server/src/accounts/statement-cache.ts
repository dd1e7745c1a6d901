/**
 * The account stores prepare their SQL where they use it, which reads well but parsed and planned
 * each statement on every call: measured, `prepare` was 0.09 ms of every card move (the
 * notifications of each update look up the workspace and the user) and most of the sync sweep's
 * time (a role and a revocation check per open socket every 2 s). This hands the stores a database
 * whose `prepare` keeps each statement by its SQL text: parsed once, reused after. Safe for these
 * stores: none iterates a statement or switches its mode (pluck, raw, expand), which a shared
 * statement would carry from one caller to the next.
 */
import type { Database, Statement } from '../persistence/engine/port.ts';

export function withStatementCache(db: Database): Database {
  const statements = new Map<string, Statement>();
  const prepare = (sql: string): Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') return prepare;
      // better-sqlite3's methods and getters check that `this` is the native database.
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
