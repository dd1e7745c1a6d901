/**
 * A task's repeat rule (the model's `recurrence` field, set through updateTask), and the server's
 * preview and activity endpoints, zod-checked.
 */
import { type Editor, type Recurrence, type Task, updateTask } from '@taskflow/model';
import type * as Y from 'yjs';
import { z } from 'zod';
import type { Session } from '../session/session.ts';

export type { Recurrence };

/** The model reads the field through its schema already; this only names the intent. */
export function recurrenceOf(task: Task): Recurrence | null {
  return task.recurrence;
}

export function setRecurrence(doc: Y.Doc, editor: Editor, taskId: string, rule: Recurrence | null): void {
  updateTask(doc, editor, taskId, { recurrence: rule });
}

const previewSchema = z.object({ occurrences: z.array(z.string()) });

export async function previewOccurrences(
  session: Session,
  cron: string,
  timeZone: string,
): Promise<string[]> {
  const query = new URLSearchParams({ cron, timeZone });
  return (await session.api(`/api/v1/recurrence/preview?${query}`, previewSchema)).occurrences;
}

const STEP_TEXT: Record<string, string> = {
  before: 'Reminder sent before the deadline',
  at: 'Reminder sent at the deadline',
  overdue: 'Escalated: overdue',
  occurrence: 'Recurring occurrence created',
};

/** The server's ticker records `{type, step, at, firedAt, superseded}`; shown as a line of text. */
const entrySchema = z
  .object({
    type: z.string(),
    step: z.string(),
    at: z.string(),
    firedAt: z.string(),
    superseded: z.boolean().optional(),
  })
  .transform((e) => ({
    at: e.firedAt,
    kind: e.type,
    by: null as string | null,
    text: `${STEP_TEXT[e.step] ?? e.type}${e.superseded ? ' (recorded, not sent: a later step was due)' : ''} · for ${new Date(e.at).toLocaleString()}`,
  }));
const activitySchema = z.object({ activity: z.array(entrySchema) });
export type ActivityEntry = z.infer<typeof entrySchema>;

export async function fetchActivity(
  session: Session,
  workspaceId: string,
  taskId: string,
): Promise<ActivityEntry[]> {
  const query = new URLSearchParams({ workspaceId });
  const path = `/api/v1/tasks/${encodeURIComponent(taskId)}/activity?${query}`;
  return (await session.api(path, activitySchema)).activity;
}

/** The first occurrence not skipped, for "skip next occurrence". */
export function nextUnskipped(occurrences: readonly string[], skip: readonly string[]): string | null {
  const skipped = new Set(skip.map((s) => new Date(s).getTime()));
  return occurrences.find((o) => !skipped.has(new Date(o).getTime())) ?? null;
}
