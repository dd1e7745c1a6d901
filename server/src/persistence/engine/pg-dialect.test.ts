import { describe, expect, test } from 'vitest';
import { bindValues, type PgCatalog, rewritePlaceholders, scalarMinMax, translate } from './pg-dialect.ts';

const catalog: PgCatalog = {
  primaryKeys: new Map([
    ['task_views', ['workspace_id', 'task_id']],
    ['checkpoints', ['document', 'upto_id']],
  ]),
  generatedIds: new Map([
    ['updates', 'id'],
    ['fired', 'rowid'],
  ]),
};

describe('SQLite SQL as PostgreSQL reads it', () => {
  test('? placeholders are numbered; quoted text and comments keep their ? and @', () => {
    expect(
      rewritePlaceholders("SELECT '?', \"a?\" FROM t WHERE a = ? AND b = ? -- why?\n AND c = '@x'"),
    ).toEqual({
      text: "SELECT '?', \"a?\" FROM t WHERE a = $1 AND b = $2 -- why?\n AND c = '@x'",
      names: undefined,
    });
    expect(rewritePlaceholders("SELECT 'it''s ?' , ?").text).toBe("SELECT 'it''s ?' , $1");
  });

  test('@name placeholders: one number per name, values taken from one object', () => {
    const { text, names } = rewritePlaceholders(
      'SELECT * FROM t WHERE a = @at OR (a = @at AND id < @id) LIMIT @limit',
    );
    expect(text).toBe('SELECT * FROM t WHERE a = $1 OR (a = $1 AND id < $2) LIMIT $3');
    expect(names).toEqual(['at', 'id', 'limit']);
    expect(bindValues(names, [{ id: 5, limit: 10, at: 7 }])).toEqual([7, 5, 10]);
    expect(() => bindValues(names, [{ at: 1 }])).toThrow(/missing named parameter: id/);
    expect(() => rewritePlaceholders('SELECT ? , @a')).toThrow(/mixes/);
  });

  test('booleans bind as 1/0 and bigints as text, as better-sqlite3 stores them', () => {
    expect(bindValues(undefined, [true, false, 10n, null])).toEqual([1, 0, '10', null]);
  });

  test('INSERT OR IGNORE is ON CONFLICT DO NOTHING, before a RETURNING', () => {
    expect(
      translate('INSERT OR IGNORE INTO entity_index (id, workspace_id, kind) VALUES (?, ?, ?)', catalog).text,
    ).toBe('INSERT INTO entity_index (id, workspace_id, kind) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING');
    expect(translate('INSERT OR IGNORE INTO t (a) VALUES (?) RETURNING a', catalog).text).toBe(
      'INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING RETURNING a',
    );
  });

  test('INSERT OR REPLACE is an upsert on the primary key that sets the other columns', () => {
    expect(
      translate(
        'INSERT OR REPLACE INTO task_views (workspace_id, task_id, assignee, column_id) VALUES (?, ?, ?, ?)',
        catalog,
      ).text,
    ).toBe(
      'INSERT INTO task_views (workspace_id, task_id, assignee, column_id) VALUES ($1, $2, $3, $4) ON CONFLICT (workspace_id, task_id) DO UPDATE SET assignee = excluded.assignee, column_id = excluded.column_id',
    );
    expect(() => translate('INSERT OR REPLACE INTO unknown_table (a) VALUES (?)', catalog)).toThrow(
      /primary key/,
    );
  });

  test('scalar MAX(a, b) and MIN(a, b) are GREATEST and LEAST; the aggregates stay', () => {
    expect(scalarMinMax('SET n = MAX(attempts - 1, 0), m = MAX(id), k = min(f(a, b), 3)')).toBe(
      'SET n = GREATEST(attempts - 1, 0), m = MAX(id), k = LEAST(f(a, b), 3)',
    );
  });

  test('run() of an INSERT into a table with a generated id returns it (lastInsertRowid)', () => {
    const t = translate('INSERT INTO updates (document, data) VALUES (?, ?)', catalog);
    expect(t.runText).toBe('INSERT INTO updates (document, data) VALUES ($1, $2) RETURNING id');
    expect(t.returnsId).toBe(true);
    expect(translate('INSERT INTO fired (a) VALUES (?) RETURNING 1', catalog).returnsId).toBe(false);
    expect(translate('INSERT INTO users (a) VALUES (?)', catalog).returnsId).toBe(false);
    const withLock = translate(
      'WITH l AS (SELECT f(@d)) INSERT INTO updates (document) SELECT @d::text FROM l',
      catalog,
    );
    expect(withLock.runText).toBe(
      'WITH l AS (SELECT f($1)) INSERT INTO updates (document) SELECT $1::text FROM l RETURNING id',
    );
  });
});
