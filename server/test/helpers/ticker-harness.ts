/**
 * The reminder tick's parts on one database, wired as the server's ticker wires them: the stores
 * and one `runReminderTick` pass over them. The ticker tests, the two-ticker race's child process
 * and the ticker benchmark all build it here, so they test and measure the same wiring.
 */
import type Database from 'better-sqlite3';
import { FiredStore } from '../../src/automations/fired-store.ts';
import type { ReminderSettings } from '../../src/automations/reminder-chain.ts';
import { type ReminderTickResult, runReminderTick } from '../../src/automations/reminder-tick.ts';
import { ScheduleStore } from '../../src/automations/schedule-store.ts';
import { AutomationSettingsStore } from '../../src/automations/settings.ts';
import { InAppStore } from '../../src/notifications/in-app.ts';
import { OutboxStore } from '../../src/notifications/outbox.ts';

export type TickerHarnessOptions = {
  /** The ticker's name in `fired.fired_by`. */
  holder: string;
  now: () => number;
  /** Who hears about escalations. */
  adminsOf: (workspaceId: string) => readonly string[];
  /** Default: each workspace's stored settings. */
  settingsOf?: (workspaceId: string) => ReminderSettings;
  /** Rows per pass; default the tick's own. */
  limit?: number;
};

export type TickerHarness = {
  fired: FiredStore;
  schedule: ScheduleStore;
  settings: AutomationSettingsStore;
  outbox: OutboxStore;
  inApp: InAppStore;
  /** One reminder pass at `now()`. */
  tick: () => ReminderTickResult;
};

export function tickerHarness(db: Database.Database, o: TickerHarnessOptions): TickerHarness {
  const fired = new FiredStore(db, o.holder);
  const schedule = new ScheduleStore(db, fired);
  const settings = new AutomationSettingsStore(db);
  const outbox = new OutboxStore(db);
  const inApp = new InAppStore(db, o.now);
  const settingsOf = o.settingsOf ?? ((workspaceId: string) => settings.get(workspaceId));
  const tick = () =>
    runReminderTick({
      schedule,
      fired,
      outbox,
      inApp,
      settingsOf,
      adminsOf: o.adminsOf,
      now: o.now,
      ...(o.limit === undefined ? {} : { limit: o.limit }),
    });
  return { fired, schedule, settings, outbox, inApp, tick };
}
