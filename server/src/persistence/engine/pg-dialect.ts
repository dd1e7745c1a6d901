/**
 * The SQLite SQL our stores write, as PostgreSQL reads it: translated once per statement, when it
 * is prepared (the PostgreSQL engine caches the result by its text). Only what the stores use:
 *
 * - placeholders: `?` (positional) and `@name` (one object argument) become `$1…$n`; text inside
 *   quotes and comments is left alone;
 * - `INSERT OR IGNORE INTO t …` becomes `INSERT INTO t … ON CONFLICT DO NOTHING`;
 * - `INSERT OR REPLACE INTO t (cols) …` becomes an upsert on t's primary key that sets every other
 *   listed column (what REPLACE does when the primary key is the only unique key, as in every
 *   table it is used on);
 * - SQLite's two-argument scalar `MAX(a, b)` / `MIN(a, b)` become GREATEST / LEAST;
 * - `run()` of an INSERT into a table with a generated id gets `RETURNING id`, the
 *   `lastInsertRowid` better-sqlite3 reports.
 *
 * Anything else must already be SQL both engines accept (ON CONFLICT … DO UPDATE, RETURNING,
 * COALESCE, …): the stores are written that way, and a statement that is not fails at prepare
 * time on PostgreSQL, in tests, instead of being guessed at here.
 */

/** What translation needs to know about the schema (read from PostgreSQL's catalog). */
export type PgCatalog = {
  /** Primary-key columns by table. */
  primaryKeys: ReadonlyMap<string, readonly string[]>;
  /** The generated id column (`id`, or `rowid` where SQLite's implicit one is used) by table. */
  generatedIds: ReadonlyMap<string, string>;
};

export type TranslatedSql = {
  text: string;
  /** `@name` parameters in `$n` order; undefined when the statement uses `?`. */
  names: readonly string[] | undefined;
  /** For run(): the text with `RETURNING <id>` added, when the statement inserts into a table with one. */
  runText: string;
  /** Whether runText's rows carry the id (lastInsertRowid). */
  returnsId: boolean;
};

export class DialectError extends Error {
  override name = 'DialectError';
}

/** Rewrites placeholders; returns the new text and the named parameters' order. */
export function rewritePlaceholders(sql: string): { text: string; names: string[] | undefined } {
  let out = '';
  let positional = 0;
  const names: string[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (c === "'" || c === '"') {
      const end = closing(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '?') {
      positional += 1;
      out += `$${positional}`;
      i += 1;
    } else if (c === '@' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      let j = i + 1;
      while (j < sql.length && /\w/.test(sql[j] as string)) j += 1;
      const name = sql.slice(i + 1, j);
      let index = names.indexOf(name);
      if (index === -1) index = names.push(name) - 1;
      out += `$${index + 1}`;
      i = j;
    } else {
      out += c;
      i += 1;
    }
  }
  if (positional > 0 && names.length > 0) throw new DialectError('a statement mixes ? and @name parameters');
  return { text: out, names: names.length > 0 ? names : undefined };
}

function closing(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i += 1;
  }
  return sql.length;
}

const INSERT_OR = /^\s*INSERT\s+OR\s+(IGNORE|REPLACE)\s+INTO\s+(\w+)\s*(\(([^)]*)\))?/i;
// Anywhere, not only first: an INSERT may follow a WITH clause (update-log.ts's append on PostgreSQL).
const INSERT_INTO = /\bINSERT\s+INTO\s+(\w+)/i;
const RETURNING = /\bRETURNING\b/i;

/** Adds `clause` before a trailing RETURNING (or at the end) of an INSERT. */
function beforeReturning(sql: string, clause: string): string {
  const trimmed = sql.replace(/[\s;]+$/, '');
  const match = RETURNING.exec(trimmed);
  if (!match) return `${trimmed} ${clause}`;
  return `${trimmed.slice(0, match.index)}${clause} ${trimmed.slice(match.index)}`;
}

export function translate(sql: string, catalog: PgCatalog): TranslatedSql {
  let text = sql;
  const or = INSERT_OR.exec(text);
  if (or) {
    const [whole, mode, table = '', , columnList] = or;
    text = `INSERT INTO ${table}${columnList !== undefined ? ` (${columnList})` : ''}${text.slice(whole.length)}`;
    if (mode?.toUpperCase() === 'IGNORE') text = beforeReturning(text, 'ON CONFLICT DO NOTHING');
    else {
      const key = catalog.primaryKeys.get(table);
      if (!key || columnList === undefined)
        throw new DialectError(`INSERT OR REPLACE INTO ${table} needs its column list and a primary key`);
      const columns = columnList.split(',').map((c) => c.trim());
      const set = columns.filter((c) => !key.includes(c)).map((c) => `${c} = excluded.${c}`);
      text = beforeReturning(
        text,
        set.length > 0
          ? `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${set.join(', ')}`
          : `ON CONFLICT (${key.join(', ')}) DO NOTHING`,
      );
    }
  }
  const placed = rewritePlaceholders(scalarMinMax(text));
  const table = INSERT_INTO.exec(placed.text)?.[1];
  const id = table === undefined ? undefined : catalog.generatedIds.get(table);
  const returnsId = id !== undefined && !RETURNING.test(placed.text);
  return {
    text: placed.text,
    names: placed.names,
    runText: returnsId ? `${placed.text.replace(/[\s;]+$/, '')} RETURNING ${id}` : placed.text,
    returnsId,
  };
}

/** `MAX(a, b)` → `GREATEST(a, b)` (and MIN → LEAST) where the call has a top-level comma. */
export function scalarMinMax(sql: string): string {
  const call = /\b(MAX|MIN)\s*\(/gi;
  let out = '';
  let last = 0;
  for (let m = call.exec(sql); m; m = call.exec(sql)) {
    let depth = 0;
    let comma = false;
    for (let i = m.index + m[0].length; i < sql.length; i++) {
      const c = sql[i];
      if (c === '(') depth += 1;
      else if (c === ')') {
        if (depth === 0) break;
        depth -= 1;
      } else if (c === ',' && depth === 0) comma = true;
    }
    if (!comma) continue;
    out += `${sql.slice(last, m.index)}${(m[1] as string).toUpperCase() === 'MAX' ? 'GREATEST' : 'LEAST'}(`;
    last = m.index + m[0].length;
  }
  return out + sql.slice(last);
}

/** The positional values for a statement: `?` takes the arguments as given, `@name` one object. */
export function bindValues(names: readonly string[] | undefined, params: readonly unknown[]): unknown[] {
  if (names === undefined) return params.map(normalise);
  const [record] = params;
  if (params.length !== 1 || record === null || typeof record !== 'object')
    throw new DialectError('a statement with @name parameters takes one object');
  return names.map((name) => {
    if (!(name in record)) throw new DialectError(`missing named parameter: ${name}`);
    return normalise((record as Record<string, unknown>)[name]);
  });
}

/** better-sqlite3 binds booleans as 1/0 and undefined is refused there: keep that meaning here. */
function normalise(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return value.toString();
  return value;
}
