/** A workspace's reminder settings and its owners' dead letters (issue 4 routes), zod-checked at the edge. */
import { z } from 'zod';
import { allPages } from '../api/pages.ts';
import type { Session } from '../session/session.ts';

export const reminderSettingsSchema = z.object({
  reminderLeadHours: z.number(),
  escalateAfterHours: z.number(),
  timeZone: z.string(),
});
export type ReminderSettings = z.infer<typeof reminderSettingsSchema>;

const settingsResponseSchema = z.object({ settings: reminderSettingsSchema }).transform((r) => r.settings);

export const deadLetterSchema = z.object({
  id: z.number().int(),
  workspaceId: z.string().nullable(),
  kind: z.string(),
  userId: z.string().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  deadAt: z.string(),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;

const deadLettersResponseSchema = z.object({
  deadLetters: z.array(deadLetterSchema),
  nextCursor: z.string().nullable().optional(),
});

const retriedSchema = z.object({ retried: z.number().int() });

export function workspaceAdminApi(session: Session, workspaceId: string) {
  const settingsPath = `/api/v1/workspaces/${encodeURIComponent(workspaceId)}/settings`;
  return {
    settings(): Promise<ReminderSettings> {
      return session.api(settingsPath, settingsResponseSchema);
    },
    saveSettings(change: Partial<ReminderSettings>): Promise<ReminderSettings> {
      return session.api(settingsPath, settingsResponseSchema, { method: 'PATCH', body: change });
    },
    /** The server answers for every workspace I own; this page shows only its own. */
    async deadLetters(): Promise<DeadLetter[]> {
      const all = await allPages(
        (path, schema) => session.api(path, schema),
        '/api/v1/admin/dead-letters',
        deadLettersResponseSchema,
        (p) => p.deadLetters,
      );
      return all.filter((d) => d.workspaceId === workspaceId);
    },
    async retry(id: number): Promise<void> {
      await session.api(`/api/v1/admin/dead-letters/${id}/retry`, retriedSchema, { method: 'POST' });
    },
  };
}

export type WorkspaceAdminApi = ReturnType<typeof workspaceAdminApi>;
