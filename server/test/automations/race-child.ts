/**
 * A ticker process for the race test: opens its own connection to the shared file, waits for
 * "go" on stdin so both start together, ticks in small batches until nothing is due, then prints
 * the reminders it fired as one JSON line. Run by two-tickers.int.test.ts, not by Vitest.
 */
import { DEFAULT_REMINDER_SETTINGS, reminderKeyString } from '../../src/automations/reminder-chain.ts';
import { tickerHarness } from '../helpers/ticker-harness.ts';
import { connect } from './temp-db.ts';

const [file, holder, nowText] = process.argv.slice(2);
if (!file || !holder || !nowText) throw new Error('usage: race-child <db file> <holder> <now>');
const now = Number(nowText);
const db = connect(file);
const { tick } = tickerHarness(db, {
  holder,
  now: () => now,
  settingsOf: () => DEFAULT_REMINDER_SETTINGS,
  adminsOf: () => [],
  limit: 5,
});

process.stdout.write('ready\n');
process.stdin.once('data', () => {
  const mine: string[] = [];
  let passes = 0;
  for (;;) {
    passes++;
    const r = tick();
    for (const f of r.fired) mine.push(reminderKeyString(f));
    if (r.rows === 0) break;
  }
  db.close();
  process.stdout.write(`${JSON.stringify({ holder, passes, fired: mine })}\n`);
  process.exit(0);
});
