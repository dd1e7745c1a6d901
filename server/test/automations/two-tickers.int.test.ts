/**
 * Two ticker processes, each with its own connection to one SQLite file, race over 200 due
 * reminders: every reminder is fired, notified in-app and enqueued for email exactly once.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FiredStore, Leases } from '../../src/automations/fired-store.ts';
import type { ScheduleRow } from '../../src/automations/projection.ts';
import { DEFAULT_REMINDER_SETTINGS } from '../../src/automations/reminder-chain.ts';
import { ScheduleStore } from '../../src/automations/schedule-store.ts';
import { type TempDb, tempDb } from './temp-db.ts';

const NOW = Date.UTC(2026, 10, 22, 12);
const H = 3_600_000;
let t: TempDb;

beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.cleanup());

type ChildResult = { holder: string; passes: number; fired: string[] };

function startTicker(holder: string) {
  const script = path.join(import.meta.dirname, 'race-child.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, t.file, holder, String(NOW)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // Listen from the start: a fast child can be gone before the test would attach a listener.
  const closed = once(child, 'close');
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code) => reject(new Error(`ticker ${holder} exited with ${code}: ${stderr}`)));
  });
  const lines = createInterface({ input: child.stdout });
  const ready = Promise.race([new Promise<void>((resolve) => lines.once('line', () => resolve())), exited]);
  const result = Promise.race([
    new Promise<ChildResult>((resolve) => {
      lines.on('line', (line) => {
        if (line.startsWith('{')) resolve(JSON.parse(line) as ChildResult);
      });
    }),
    exited,
  ]);
  // The race is settled by whichever comes first; keep the loser from being an unhandled rejection.
  exited.catch(() => {});
  return { child, ready, result, closed };
}

function seed200(): void {
  const rows: ScheduleRow[] = Array.from({ length: 200 }, (_, i) => ({
    workspaceId: `w${i % 7}`,
    taskId: `t${i}`,
    projectId: 'p',
    title: `Task ${i}`,
    deadline: '2026-11-23',
    // "before" is due for every task (deadline within 24 h), nothing later is.
    deadlineAt: NOW + H + ((i * 7919) % 3_000) * 1_000,
    timeZone: 'UTC',
    assignee: `u${i % 13}`,
    createdBy: 'ann',
    done: false,
    archived: false,
    recurrence: null,
  }));
  const schedule = new ScheduleStore(t.db, new FiredStore(t.db, 'setup'));
  for (let w = 0; w < 7; w++) {
    schedule.replaceWorkspace(
      `w${w}`,
      rows.filter((r) => r.workspaceId === `w${w}`),
      DEFAULT_REMINDER_SETTINGS,
      NOW,
    );
  }
  expect(schedule.dueReminders(NOW, 1000)).toHaveLength(200);
}

describe('two tickers on one database', () => {
  it('F1: 200 due reminders race between two processes: each fires exactly once', async () => {
    seed200();
    const a = startTicker('a');
    const b = startTicker('b');
    await Promise.all([a.ready, b.ready]);
    a.child.stdin.end('go\n');
    b.child.stdin.end('go\n');
    const [ra, rb] = await Promise.all([a.result, b.result]);
    await Promise.all([a.closed, b.closed]);

    const all = [...ra.fired, ...rb.fired];
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(200);
    const count = (sql: string) => (t.db.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT COUNT(*) AS n FROM fired')).toBe(200);
    expect(count('SELECT COUNT(*) AS n FROM outbox')).toBe(200);
    expect(count('SELECT COUNT(*) AS n FROM notifications')).toBe(200);
    expect(count(`SELECT COUNT(*) AS n FROM task_schedule WHERE next_reminder_at <= ${NOW}`)).toBe(0);
    console.info(
      `two tickers: a fired ${ra.fired.length} in ${ra.passes} passes, b ${rb.fired.length} in ${rb.passes}`,
    );
  });

  it('F4: a ticker killed with SIGKILL at random points, then restarted: every reminder once, none lost', async () => {
    seed200();
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);
    const kills = Number(process.env.CRASH_KILLS ?? 12);
    console.info(
      `crash seed ${seed}; replay: CRASH_SEED=${seed} npx vitest run server/test/automations/two-tickers.int.test.ts -t F4`,
    );
    let state = seed;
    const random = () => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const count = (sql: string) => (t.db.prepare(sql).get() as { n: number }).n;
    const progress: number[] = [];
    for (let run = 0; run <= kills; run++) {
      const ticker = startTicker(`run${run}`);
      ticker.result.catch(() => {}); // a killed run never reports
      await ticker.ready;
      ticker.child.stdin.end('go\n');
      if (run === kills) {
        await ticker.result;
        break;
      }
      // A whole pass over 200 rows takes tens of milliseconds: kill somewhere inside it.
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 30)));
      ticker.child.kill('SIGKILL');
      await ticker.closed;
      progress.push(count('SELECT COUNT(*) AS n FROM fired'));
    }
    console.info(`crash test: fired after each of ${kills} kills: ${progress.join(' ')}`);
    expect(count('SELECT COUNT(*) AS n FROM fired')).toBe(200);
    expect(count('SELECT COUNT(*) AS n FROM outbox')).toBe(200);
    expect(count('SELECT COUNT(*) AS n FROM notifications')).toBe(200);
    expect(count('SELECT COUNT(DISTINCT dedupe_key) AS n FROM notifications')).toBe(200);
  });

  it('F2: a lease has one holder at a time, is renewed only by it, and is taken over after expiry', () => {
    const one = new Leases(t.db);
    const two = new Leases(t.open());
    expect(one.acquire('ticker', 'a', NOW, 30_000)).toBe(true);
    expect(two.acquire('ticker', 'b', NOW + 1_000, 30_000)).toBe(false);
    expect(two.renew('ticker', 'b', NOW + 1_000, 30_000)).toBe(false);
    expect(one.renew('ticker', 'a', NOW + 20_000, 30_000)).toBe(true);
    expect(two.acquire('ticker', 'b', NOW + 40_000, 30_000)).toBe(false);
    expect(two.acquire('ticker', 'b', NOW + 50_000, 30_000)).toBe(true);
    expect(two.holderOf('ticker', NOW + 50_000)).toBe('b');
    // The old holder notices it lost the lease instead of carrying on.
    expect(one.renew('ticker', 'a', NOW + 51_000, 30_000)).toBe(false);
    one.release('ticker', 'a');
    expect(one.holderOf('ticker', NOW + 51_000)).toBe('b');
    two.release('ticker', 'b');
    expect(one.acquire('ticker', 'a', NOW + 52_000, 30_000)).toBe(true);
  });

  it('F3: claiming the same effect from two connections succeeds once', () => {
    const key = { workspaceId: 'w', taskId: 't', kind: 'at', deadlineAt: NOW } as const;
    const x = new FiredStore(t.db, 'x');
    const y = new FiredStore(t.open(), 'y');
    expect(x.claim(key, NOW)).toBe(true);
    expect(y.claim(key, NOW)).toBe(false);
    expect(y.claim({ ...key, deadlineAt: NOW + 1 }, NOW)).toBe(true);
  });
});
