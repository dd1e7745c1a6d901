/**
 * A ticker process for the race test: opens its own connection to the shared file, waits for
 * "go" on stdin so both start together, ticks in small batches until nothing is due, then prints
 * the reminders it fired as one JSON line. Run by two-tickers.int.test.ts, not by Vitest.
 */
import { FiredStore } from '../../src/automations/fired-store.ts';
import { DEFAULT_REMINDER_SETTINGS, reminderKeyString } from '../../src/automations/reminder-chain.ts';
import { runReminderTick } from '../../src/automations/reminder-tick.ts';
import { ScheduleStore } from '../../src/automations/schedule-store.ts';
import { InAppStore } from '../../src/notifications/in-app.ts';
import { OutboxStore } from '../../src/notifications/outbox.ts';
import { connect } from './temp-db.ts';

const [file, holder, nowText] = process.argv.slice(2);
if (!file || !holder || !nowText) throw new Error('usage: race-child <db file> <holder> <now>');
const now = Number(nowText);
const db = connect(file);
const fired = new FiredStore(db, holder);
const schedule = new ScheduleStore(db, fired);
const outbox = new OutboxStore(db);
const inApp = new InAppStore(db, () => now);

process.stdout.write('ready\n');
process.stdin.once('data', () => {
  const mine: string[] = [];
  let passes = 0;
  for (;;) {
    passes++;
    const r = runReminderTick({
      db,
      schedule,
      fired,
      outbox,
      inApp,
      settingsOf: () => DEFAULT_REMINDER_SETTINGS,
      adminsOf: () => [],
      now: () => now,
      limit: 5,
    });
    for (const f of r.fired) mine.push(reminderKeyString(f));
    if (r.rows === 0) break;
  }
  db.close();
  process.stdout.write(`${JSON.stringify({ holder, passes, fired: mine })}\n`);
  process.exit(0);
});
