/**
 * Issue 16, must-show 4: two hundred reminders due with three Taskflow processes (real ones, main.ts)
 * on one PostgreSQL and a real SMTP server. One process holds the ticker's lease (and one the email
 * sender's: cluster/lease.ts, automations/roles.ts); it is killed with SIGKILL while its pass is
 * firing the reminders. Another process takes the lease over within a lease period and finishes:
 * every reminder fired once, one in-app notification and one queued email each, every email sent
 * with its own idempotency key (a duplicate is possible only if the killed process was between a
 * send and its mark, as with one process; counted and bounded by the one crash).
 *
 * The processes' clocks (TASKFLOW_FAKE_NOW) start a few seconds before the reminders fall due, so
 * the ticker's holder is known before its pass begins and the kill lands inside it.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startPostgres, type TestPostgres } from './helpers/engines.ts';
import { seedReminders } from './helpers/reminder-seed.ts';
import { type ServerProcess, spawnServer } from './helpers/server-process.ts';
import { type MailSink, startMailSink } from './helpers/smtp.ts';
import { tempDir } from './helpers/temp-dir.ts';

const HOUR = 3_600_000;
const DEADLINE = '2026-12-10';
const DUE_AT = Date.parse('2026-12-10T23:59:59.999Z');
/** The `before` reminders (default lead 24 h) fall due here. */
const BEFORE_AT = DUE_AT - 24 * HOUR;
const N = 200;
const LEASE_RETRY_MS = 1_000;
/** How long a takeover may take here: one period, plus a loaded 2-core CI machine's scheduling. */
const TAKEOVER_WAIT_MS = 2 * LEASE_RETRY_MS + 3_000;

let postgres: TestPostgres;
let sink: MailSink;
beforeAll(async () => {
  [postgres, sink] = await Promise.all([startPostgres(), startMailSink()]);
});
afterAll(async () => {
  await sink?.close();
  await postgres?.stop();
});

/** Whether the process holds the role, from its own /metrics (taskflow_lease_held). */
async function holds(server: ServerProcess, role: string): Promise<boolean> {
  try {
    const res = await fetch(`${server.url}/metrics`);
    const text = await res.text();
    return new RegExp(`^taskflow_lease_held\\{name="${role}"\\} 1$`, 'm').test(text);
  } catch {
    return false;
  }
}

async function holderOf(servers: ServerProcess[], role: string): Promise<ServerProcess[]> {
  const held = await Promise.all(servers.map((s) => holds(s, role)));
  return servers.filter((_, i) => held[i]);
}

test('200 reminders, three processes, the ticker killed mid-pass: another takes over, each sent once', async () => {
  const databaseUrl = await postgres.createDatabase('reminders');
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const dirs = [tempDir('rem-seed'), tempDir('rem-a'), tempDir('rem-b'), tempDir('rem-c')];
  const servers: ServerProcess[] = [];
  const count = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0]?.n);
  const fired = () =>
    count("SELECT COUNT(*) AS n FROM fired WHERE kind = 'before' AND task_id NOT LIKE 'rec:%'");
  try {
    await seedReminders({
      databaseUrl,
      dataDir: (dirs[0] as { path: string }).path,
      now: BEFORE_AT - 2 * HOUR,
      count: N,
      deadline: DEADLINE,
      cron: '0 0 1 1 *',
    });
    // Each process's clock starts 10 s before the reminders fall due (it runs at real speed from
    // its own start): enough to start all three and see who holds the ticker before any fires.
    const spawned = await Promise.all(
      dirs.slice(1).map((dir) =>
        spawnServer({
          dataDir: dir.path,
          env: {
            DATABASE_URL: databaseUrl,
            TASKFLOW_FAKE_NOW: String(BEFORE_AT - 10_000),
            TICK_MS: '100',
            LEASE_RETRY_MS: String(LEASE_RETRY_MS),
            SMTP_URL: sink.url,
          },
        }),
      ),
    );
    servers.push(...spawned);
    let ticker: ServerProcess | undefined;
    for (let i = 0; i < 150 && !ticker; i++) {
      const holders = await holderOf(servers, 'ticker');
      expect(holders.length).toBeLessThanOrEqual(1);
      ticker = holders[0];
      if (!ticker) await new Promise((r) => setTimeout(r, 100));
    }
    if (!ticker) throw new Error('no process took the ticker lease');
    expect(await fired()).toBe(0);
    // Asked now: during its pass the holder's event loop is busy firing and answers late.
    const senderWasKilled = (await holderOf([ticker], 'email-sender')).length === 1;

    // Kill the holder as soon as its pass has fired some, not all.
    let atKill = 0;
    for (;;) {
      atKill = await fired();
      if (atKill > 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    ticker.kill9();
    const killedAt = performance.now();
    await ticker.exited;
    const afterKill = await fired();
    const survivors = servers.filter((s) => s !== ticker);
    let takeoverMs = 0;
    await (async () => {
      const deadline = performance.now() + TAKEOVER_WAIT_MS;
      for (;;) {
        const holders = await holderOf(survivors, 'ticker');
        expect(holders.length).toBeLessThanOrEqual(1);
        if (holders.length === 1) {
          takeoverMs = performance.now() - killedAt;
          return;
        }
        if (performance.now() > deadline) throw new Error(`no takeover within ${TAKEOVER_WAIT_MS} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    // The rest fires and every email goes out.
    const pending = () =>
      count(
        "SELECT COUNT(*) AS n FROM outbox WHERE kind = 'reminder' AND sent_at IS NULL AND dead_at IS NULL",
      );
    const state = { fired: 0, pending: -1 };
    for (let i = 0; i < 400 && !(state.fired === N && state.pending === 0); i++) {
      state.fired = await fired();
      state.pending = await pending();
      if (!(state.fired === N && state.pending === 0)) await new Promise((r) => setTimeout(r, 100));
    }
    expect(state).toEqual({ fired: N, pending: 0 });

    expect(await count("SELECT COUNT(*) AS n FROM notifications WHERE kind = 'reminder'")).toBe(N);
    expect(
      await count("SELECT COUNT(DISTINCT dedupe_key) AS n FROM notifications WHERE kind = 'reminder'"),
    ).toBe(N);
    expect(await count("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'reminder'")).toBe(N);
    const mails = sink.mails.filter((m) => /^Due soon: /.test(m.subject));
    const keys = new Set(mails.map((m) => m.idempotencyKey));
    expect(keys.size).toBe(N);
    const duplicates = mails.length - keys.size;
    // Only a kill between a send and its mark can send one twice (the claim is before the send).
    expect(duplicates).toBeLessThanOrEqual(senderWasKilled ? 1 : 0);
    console.info(
      `cluster reminders: killed the ticker after ${atKill} of ${N} fired (${afterKill} committed by then); ` +
        `another process held the lease ${Math.round(takeoverMs)} ms after the kill (retry period ${LEASE_RETRY_MS} ms); ` +
        `${mails.length} emails, ${duplicates} duplicates; the killed process held the sender too: ${senderWasKilled}`,
    );
    expect(afterKill).toBeLessThan(N);
  } finally {
    await Promise.all(servers.map((s) => s.stop('SIGKILL')));
    await db.end();
    for (const dir of dirs) dir.remove();
  }
}, 120_000);
