/**
 * The ticker's cost per tick with 100 and with 10,000 workspaces, each with a few scheduled tasks
 * (deadlines weeks away), and the same number of reminders due in both: the claim is that a
 * tick costs what is due, not what exists. Runs the production tick (`runReminderTick`) on a real
 * SQLite file with the production schema; each round re-arms DUE rows so every tick really fires.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ScheduleRow } from '../server/src/automations/projection.ts';
import { DEFAULT_REMINDER_SETTINGS } from '../server/src/automations/reminder-chain.ts';
import { openDatabase } from '../server/src/persistence/database.ts';
import { tickerHarness } from '../server/test/helpers/ticker-harness.ts';
import { ms, ratio, summarize, table } from './stats.ts';

const TASKS_PER_WORKSPACE = 3;
const DUE = Number(process.env.BENCH_TICK_DUE ?? 20);
const ROUNDS = Number(process.env.BENCH_TICK_ROUNDS ?? 100);
const DAY = 86_400_000;
const NOW = Date.parse('2026-12-01T12:00:00Z');

type Result = { workspaces: number; rows: number; idle: number[]; busy: number[] };

function measure(workspaces: number): Result {
  const dir = mkdtempSync(path.join(tmpdir(), 'taskflow-bench-ticker-'));
  const db = openDatabase({ dataDir: dir, synchronous: 'normal' });
  try {
    const { schedule, tick } = tickerHarness(db, {
      holder: 'bench',
      now: () => NOW,
      settingsOf: () => DEFAULT_REMINDER_SETTINGS,
      adminsOf: () => ['admin'],
    });
    db.transaction(() => {
      for (let w = 0; w < workspaces; w++) {
        const ws = `ws${w}`;
        const rows: ScheduleRow[] = [];
        for (let t = 0; t < TASKS_PER_WORKSPACE; t++) {
          rows.push({
            workspaceId: ws,
            taskId: `t${t}`,
            projectId: 'p',
            title: `Task ${t}`,
            deadline: '2026-12-31',
            deadlineAt: NOW + 30 * DAY + t,
            timeZone: 'UTC',
            assignee: `u${w}`,
            createdBy: `u${w}`,
            done: false,
            archived: false,
            recurrence: null,
          });
        }
        schedule.replaceWorkspace(ws, rows, DEFAULT_REMINDER_SETTINGS, NOW);
      }
    })();
    const rearm = db.prepare(
      'UPDATE task_schedule SET deadline_at = ?, next_reminder_at = ? WHERE workspace_id = ? AND task_id = ?',
    );
    const idle: number[] = [];
    const busy: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // DUE rows in distinct workspaces get a fresh deadline 12 h away: their "before" is due.
      db.transaction(() => {
        for (let i = 0; i < DUE; i++) {
          const w = (round * DUE + i) % workspaces;
          const deadlineAt = NOW + 12 * 3_600_000 + round * 1000 + i;
          rearm.run(deadlineAt, deadlineAt - DEFAULT_REMINDER_SETTINGS.leadMs, `ws${w}`, 't0');
        }
      })();
      let t = performance.now();
      const r = tick();
      busy.push(performance.now() - t);
      if (r.fired.length !== DUE) throw new Error(`expected ${DUE} reminders, fired ${r.fired.length}`);
      t = performance.now();
      tick();
      idle.push(performance.now() - t);
    }
    return { workspaces, rows: workspaces * TASKS_PER_WORKSPACE, idle, busy };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runTickerBench(): Promise<void> {
  process.stderr.write('measuring the ticker…\n');
  const small = measure(100);
  const large = measure(10_000);
  const row = (r: Result, base: Result) => {
    const busy = summarize(r.busy);
    const idle = summarize(r.idle);
    const baseBusy = summarize(base.busy);
    return [
      String(r.workspaces),
      String(r.rows),
      String(DUE),
      ms(busy.p50),
      ms(busy.p99),
      ms(idle.p50),
      ratio(busy.p50, baseBusy.p50),
    ];
  };
  console.log(`\nTicker cost per tick (ms; ${DUE} reminders due per tick, ${ROUNDS} rounds)\n`);
  console.log(
    table(
      ['workspaces', 'scheduled rows', 'due', 'tick p50', 'tick p99', 'idle tick p50', 'p50 / 100 ws'],
      [row(small, small), row(large, small)],
    ),
  );
  console.log(
    '\ntick = one runReminderTick pass that fires the due reminders (in-app + outbox rows, one IMMEDIATE' +
      '\ntransaction per task); idle tick = the next pass, with nothing due. Same due count at both sizes.',
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runTickerBench().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
