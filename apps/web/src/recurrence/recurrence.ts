/**
 * A task's repeat rule (the model's `recurrence` field, set through updateTask), and the server's
 * preview endpoint, zod-checked. (The task's activity, reminders included, is history/.)
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

/** The first occurrence not skipped, for "skip next occurrence". */
export function nextUnskipped(occurrences: readonly string[], skip: readonly string[]): string | null {
  const skipped = new Set(skip.map((s) => new Date(s).getTime()));
  return occurrences.find((o) => !skipped.has(new Date(o).getTime())) ?? null;
}
