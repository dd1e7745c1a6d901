/**
 * One timer per person (SPEC M23): the `timers` map holds, under the person's id, the task and the
 * moment it started, or null. It lives in the document, so it runs offline, survives reloads and
 * sleep (elapsed time is wall-clock), and every device of that person sees it: start on one
 * laptop, stop on another. Only the person writes their own entry (the server refuses the rest).
 */
import { z } from 'zod';
import { actorOf, type Editor, newId, nowMs, timersMap, write } from './doc.ts';
import { ModelError } from './errors.ts';
import { yTask } from './read.ts';
import { LIMITS } from './schema.ts';
import { addWorklog } from './worklogs.ts';

const timerSchema = z.object({
  taskId: z.string().min(1).max(200),
  /** Milliseconds since the epoch. */
  startedAt: z.number().int().nonnegative(),
  /** Names this run: the worklog its stop makes carries it, so two stops count once. */
  run: z.string().min(1).max(200),
});
export type Timer = z.infer<typeof timerSchema>;

export function readTimer(doc: import('yjs').Doc, personId: string): Timer | null {
  const parsed = timerSchema.safeParse(timersMap(doc).get(personId));
  return parsed.success ? parsed.data : null;
}

/** Starts the editor's timer on a task; a timer running on another task is stopped and logged first. */
export function startTimer(doc: import('yjs').Doc, editor: Editor, taskId: string): Timer {
  return write(doc, editor, () => {
    if (!yTask(doc, taskId)) throw new ModelError('not_found', 'That task does not exist.');
    const me = actorOf(editor);
    const running = readTimer(doc, me);
    if (running?.taskId === taskId) return running;
    if (running) stopTimer(doc, editor);
    const timer: Timer = { taskId, startedAt: nowMs(editor), run: newId() };
    timersMap(doc).set(me, timer);
    return timer;
  });
}

/**
 * Stops the editor's timer and logs the elapsed time (at least one second, at most a worklog's
 * limit). Returns the worklog id, or null when no timer ran.
 */
export function stopTimer(
  doc: import('yjs').Doc,
  editor: Editor,
  options: { note?: string } = {},
): string | null {
  return write(doc, editor, () => {
    const me = actorOf(editor);
    const running = readTimer(doc, me);
    if (!running) return null;
    timersMap(doc).set(me, null);
    if (!yTask(doc, running.taskId)) return null;
    const seconds = Math.min(
      LIMITS.worklogSeconds,
      Math.max(1, Math.round((nowMs(editor) - running.startedAt) / 1000)),
    );
    return addWorklog(doc, editor, running.taskId, {
      seconds,
      startedAt: new Date(running.startedAt).toISOString(),
      ...(options.note ? { note: options.note } : {}),
      timerRun: running.run,
    });
  });
}

/** Drops the editor's running timer without logging anything. */
export function discardTimer(doc: import('yjs').Doc, editor: Editor): void {
  write(doc, editor, () => {
    const me = actorOf(editor);
    if (readTimer(doc, me)) timersMap(doc).set(me, null);
  });
}
