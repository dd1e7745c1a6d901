/** Per-workspace ticker settings: reminder lead time, escalation delay, the workspace's time zone. */

import { z } from 'zod';
import type { Database, Statement } from '../persistence/engine/port.ts';
import { isValidTimeZone } from '../zoned-time.ts';
import { DEFAULT_REMINDER_SETTINGS, type ReminderSettings } from './reminder-chain.ts';

export type AutomationSettings = ReminderSettings & { timeZone: string };

export const DEFAULT_AUTOMATION_SETTINGS: AutomationSettings = {
  ...DEFAULT_REMINDER_SETTINGS,
  timeZone: 'UTC',
};

const WEEK_MS = 7 * 24 * 3_600_000;

/** What an admin may set (REST edge). Bounds keep a typo from scheduling reminders years ahead. */
export const automationSettingsPatchSchema = z
  .object({
    leadMs: z.number().int().min(0).max(WEEK_MS),
    escalateAfterMs: z.number().int().min(0).max(WEEK_MS),
    timeZone: z.string().refine(isValidTimeZone, 'not a known IANA time zone'),
  })
  .partial()
  .strict();

type Row = { reminder_lead_ms: number; escalate_after_ms: number; time_zone: string };

export class AutomationSettingsStore {
  readonly #get: Statement<[string], Row>;
  readonly #put: Statement<[string, number, number, string]>;

  constructor(db: Database) {
    this.#get = db.prepare(
      'SELECT reminder_lead_ms, escalate_after_ms, time_zone FROM automation_settings WHERE workspace_id = ?',
    );
    this.#put = db.prepare(
      `INSERT INTO automation_settings (workspace_id, reminder_lead_ms, escalate_after_ms, time_zone)
       VALUES (?, ?, ?, ?)
       ON CONFLICT (workspace_id) DO UPDATE SET reminder_lead_ms = excluded.reminder_lead_ms,
         escalate_after_ms = excluded.escalate_after_ms, time_zone = excluded.time_zone`,
    );
  }

  get(workspaceId: string): AutomationSettings {
    const row = this.#get.get(workspaceId);
    if (!row) return DEFAULT_AUTOMATION_SETTINGS;
    return {
      leadMs: row.reminder_lead_ms,
      escalateAfterMs: row.escalate_after_ms,
      // A zone the runtime stopped knowing (tzdata update) must not stop the ticker.
      timeZone: isValidTimeZone(row.time_zone) ? row.time_zone : 'UTC',
    };
  }

  /**
   * Changes settings. The caller must re-project the workspace afterwards (ScheduleStore): the
   * next reminder instants depend on the lead time and the zone.
   */
  set(workspaceId: string, patch: z.input<typeof automationSettingsPatchSchema>): AutomationSettings {
    const next = { ...this.get(workspaceId), ...automationSettingsPatchSchema.parse(patch) };
    this.#put.run(workspaceId, next.leadMs, next.escalateAfterMs, next.timeZone);
    return next;
  }
}
