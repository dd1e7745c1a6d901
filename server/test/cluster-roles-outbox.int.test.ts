/**
 * The outbox claim across processes on PostgreSQL (issue 16): two sessions run the sender's claim
 * at once over the same due emails. The second waits for the first's row locks, then finds the
 * rows no longer due and claims none of them: an email is claimed (and so sent) by one process.
 * Before the claim repeated its conditions outside the subquery, the second took all of them again.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CLAIM_DUE_SQL } from '../src/notifications/outbox.ts';
import { PgDatabase } from '../src/persistence/engine/pg-database.ts';
import { rewritePlaceholders } from '../src/persistence/engine/pg-dialect.ts';
import { runPgMigrations } from '../src/persistence/pg-migrations.ts';
import { startPostgres, type TestPostgres } from './helpers/engines.ts';

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

test('two sessions claiming the same due emails at once: each email is claimed by one', async () => {
  const url = await postgres.createDatabase('outbox_claim');
  const setup = new PgDatabase({ url });
  try {
    runPgMigrations(setup);
    for (let i = 0; i < 5; i++)
      setup
        .prepare(
          `INSERT INTO outbox (idempotency_key, kind, payload, created_at, next_attempt_at) VALUES (?, 'x', '{}', 1, 1)`,
        )
        .run(`k${i}`);
  } finally {
    setup.close();
  }
  const claim = rewritePlaceholders(CLAIM_DUE_SQL).text;
  const now = 1_000;
  const one = new pg.Client({ connectionString: url });
  const two = new pg.Client({ connectionString: url });
  await Promise.all([one.connect(), two.connect()]);
  try {
    await one.query('BEGIN');
    const first = await one.query(claim, [now + 120_000, 'one', now, 50, now]);
    expect(first.rowCount).toBe(5);
    // Runs while the first holds its row locks: it waits for them, then re-checks the rows.
    const second = two.query(claim, [now + 120_000, 'two', now, 50, now]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await one.query('COMMIT');
    expect((await second).rowCount).toBe(0);
    const owners = await one.query('SELECT claimed_by, attempts FROM outbox ORDER BY id');
    expect(owners.rows.map((r) => ({ claimed_by: r.claimed_by, attempts: Number(r.attempts) }))).toEqual(
      Array.from({ length: 5 }, () => ({ claimed_by: 'one', attempts: 1 })),
    );
  } finally {
    await Promise.all([one.end(), two.end()]);
  }
});
