/**
 * Worklogs and time tracking (SPEC M23). Worklogs live in their own top-level map, like comments
 * (M12): only the author edits or deletes one, deleting hides it. Time spent is their sum, read
 * from the document; nobody stores a total that two offline loggers could both overwrite.
 *
 * The remaining estimate is stored as set, with the time spent at that moment; what it is now is
 * that value minus what was logged since. So two people logging offline both count it down, and
 * "goes down by what you log unless you set it" holds on every replica alike.
 *
 * A timer's stop makes a worklog that names the timer run; if two devices of one person both stop
 * the same run offline, readers count one of them (the smallest id), so time is never doubled.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { actorOf, type Editor, getYMap, newId, nowIso, nowMs, worklogsMap, write } from './doc.ts';
import { ModelError } from './errors.ts';
import { yTask } from './read.ts';
import { LIMITS, type Task } from './schema.ts';
import { countWorklogWalk, worklogIndex } from './worklog-index.ts';

const id = z.string().min(1).max(200);
const isoDate = z.iso.datetime({ offset: true });

export type Worklog = {
  id: string;
  taskId: string;
  authorId: string;
  startedAt: string;
  seconds: number;
  note: string;
  createdAt: string;
  editedAt: string | null;
  /** The timer run it came from, if any. */
  timerRun: string | null;
};

export const worklogSecondsSchema = z
  .number()
  .int('Log whole seconds.')
  .min(1, 'A worklog is at least one second.')
  .max(LIMITS.worklogSeconds, 'A worklog is at most 7 days; log longer work as several.');

export const worklogInputSchema = z.object({
  seconds: worklogSecondsSchema,
  startedAt: isoDate.optional(),
  note: z.string().max(LIMITS.note).optional(),
});
export type WorklogInput = z.input<typeof worklogInputSchema> & {
  /** Set the remaining estimate instead of counting it down. */
  remainingEstimateSeconds?: number | null;
  id?: string;
  timerRun?: string;
};

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.length ? `${first.path.map(String).join('.')}: ` : '';
    throw new ModelError('invalid_input', `${where}${first?.message ?? 'invalid input'}`);
  }
  return parsed.data;
}

function readWorklogAt(wid: string, map: Y.Map<unknown>): Worklog | undefined {
  return isDeleted(map) ? undefined : readStoredWorklog(wid, map);
}

function isDeleted(map: Y.Map<unknown>): boolean {
  return typeof map.get('deletedAt') === 'string';
}

/** A worklog as stored, deleted or not; undefined when its task or duration is unreadable. */
function readStoredWorklog(wid: string, map: Y.Map<unknown>): Worklog | undefined {
  const taskId = id.safeParse(map.get('taskId'));
  const seconds = worklogSecondsSchema.safeParse(map.get('seconds'));
  if (!taskId.success || !seconds.success) return undefined;
  const str = <T>(key: string, schema: z.ZodType<T>, fallback: T): T => {
    const p = schema.safeParse(map.get(key));
    return p.success ? p.data : fallback;
  };
  const createdAt = str('createdAt', isoDate, new Date(0).toISOString());
  return {
    id: wid,
    taskId: taskId.data,
    authorId: str('authorId', id, 'unknown'),
    startedAt: str('startedAt', isoDate, createdAt),
    seconds: seconds.data,
    note: str('note', z.string().max(LIMITS.note), ''),
    createdAt,
    editedAt: str('editedAt', isoDate.nullable(), null),
    timerRun: str('timerRun', id.nullable(), null),
  };
}

/**
 * Every live worklog, one per timer run. A run counts through its smallest-id worklog, deleted or
 * not: when two devices stopped the same run, the person sees one worklog, and deleting it must
 * take the run's time away, not bring the twin it was hiding back.
 */
/** Every live worklog of the workspace, in one pass (one per timer run, as readWorklogs counts them). */
export function readAllWorklogs(doc: Y.Doc): Worklog[] {
  countWorklogWalk(doc);
  const logs = worklogsMap(doc) as Y.Map<unknown>;
  const out: Worklog[] = [];
  const byRun = new Map<string, { w: Worklog; deleted: boolean }>();
  logs.forEach((_, wid) => {
    const map = getYMap(logs, wid);
    const w = map && readStoredWorklog(wid, map);
    if (!map || !w) return;
    const deleted = isDeleted(map);
    if (w.timerRun === null) {
      if (!deleted) out.push(w);
      return;
    }
    const seen = byRun.get(w.timerRun);
    if (!seen || w.id < seen.w.id) byRun.set(w.timerRun, { w, deleted });
  });
  for (const { w, deleted } of byRun.values()) if (!deleted) out.push(w);
  return out;
}

/** Where the index files a stored worklog: its task and run, when readers can read it at all. */
function indexEntry(wid: string, map: Y.Map<unknown>): { taskId: string; run: string | null } | undefined {
  const w = readStoredWorklog(wid, map);
  return w && { taskId: w.taskId, run: w.timerRun };
}

/**
 * A task's worklogs, oldest start first (ties by id): exactly what `readAllWorklogs` holds for
 * the task, read through the worklog index (the task's worklogs, and its runs' twins, not all).
 */
export function readWorklogs(doc: Y.Doc, taskId: string): Worklog[] {
  const index = worklogIndex(doc, indexEntry);
  const logs = worklogsMap(doc) as Y.Map<unknown>;
  const out: Worklog[] = [];
  for (const wid of index.ofTask(taskId)) {
    const map = getYMap(logs, wid);
    const w = map && readStoredWorklog(wid, map);
    if (!map || !w || w.taskId !== taskId || isDeleted(map)) continue;
    // A run counts through its smallest-id worklog (deleted or not, on whichever task).
    if (w.timerRun !== null && index.firstOfRun(w.timerRun) !== wid) continue;
    out.push(w);
  }
  return out.sort((a, b) =>
    a.startedAt === b.startedAt ? (a.id < b.id ? -1 : 1) : a.startedAt < b.startedAt ? -1 : 1,
  );
}

export function readWorklog(doc: Y.Doc, worklogId: string): Worklog | undefined {
  const map = getYMap(worklogsMap(doc) as Y.Map<unknown>, worklogId);
  const w = map && readWorklogAt(worklogId, map);
  return w && readWorklogs(doc, w.taskId).some((x) => x.id === w.id) ? w : undefined;
}

/** Seconds logged per task, in one pass over the worklogs. */
export function timeSpentByTask(doc: Y.Doc): Map<string, number> {
  const out = new Map<string, number>();
  for (const w of readAllWorklogs(doc)) out.set(w.taskId, (out.get(w.taskId) ?? 0) + w.seconds);
  return out;
}

export function timeSpentOf(doc: Y.Doc, taskId: string): number {
  return readWorklogs(doc, taskId).reduce((sum, w) => sum + w.seconds, 0);
}

export type TimeTracking = {
  originalEstimateSeconds: number | null;
  /** What remains now: the set value minus time logged since it was set, or original minus spent. */
  remainingEstimateSeconds: number | null;
  timeSpentSeconds: number;
};

export function timeTracking(
  task: Pick<Task, 'originalEstimateSeconds' | 'remainingEstimateSeconds' | 'remainingSetSpent'>,
  spent: number,
): TimeTracking {
  let remaining: number | null = null;
  if (task.remainingEstimateSeconds !== null) {
    remaining = Math.max(0, task.remainingEstimateSeconds - Math.max(0, spent - task.remainingSetSpent));
  } else if (task.originalEstimateSeconds !== null) {
    remaining = Math.max(0, task.originalEstimateSeconds - spent);
  }
  return {
    originalEstimateSeconds: task.originalEstimateSeconds,
    remainingEstimateSeconds: remaining,
    timeSpentSeconds: spent,
  };
}

/** Logs work on a task as the editor; returns the worklog's id. */
export function addWorklog(doc: Y.Doc, editor: Editor, taskId: string, input: WorklogInput): string {
  const fields = parse(worklogInputSchema, {
    seconds: input.seconds,
    startedAt: input.startedAt,
    note: input.note,
  });
  const remaining =
    input.remainingEstimateSeconds === undefined
      ? undefined
      : parse(z.number().int().min(0).max(LIMITS.estimateSeconds).nullable(), input.remainingEstimateSeconds);
  const wid = input.id ?? newId();
  write(doc, editor, () => {
    const task = yTask(doc, taskId);
    if (!task) throw new ModelError('not_found', 'That task does not exist.');
    if (worklogsMap(doc).has(wid)) throw new ModelError('invalid_input', `Worklog ${wid} already exists.`);
    const now = nowIso(editor);
    const map = new Y.Map<unknown>();
    map.set('taskId', taskId);
    map.set('authorId', actorOf(editor));
    map.set('startedAt', fields.startedAt ?? new Date(nowMs(editor) - fields.seconds * 1000).toISOString());
    map.set('seconds', fields.seconds);
    map.set('note', fields.note ?? '');
    map.set('createdAt', now);
    map.set('editedAt', null);
    map.set('deletedAt', null);
    if (input.timerRun) map.set('timerRun', input.timerRun);
    worklogsMap(doc).set(wid, map);
    if (remaining !== undefined) {
      task.set('remainingEstimateSeconds', remaining);
      task.set('remainingSetSpent', timeSpentOf(doc, taskId));
    }
  });
  return wid;
}

/** Only the author may change a worklog. */
function ownWorklog(doc: Y.Doc, editor: Editor, worklogId: string): Y.Map<unknown> {
  const map = getYMap(worklogsMap(doc) as Y.Map<unknown>, worklogId);
  if (!map || !readWorklogAt(worklogId, map))
    throw new ModelError('not_found', 'That worklog does not exist.');
  if (map.get('authorId') !== actorOf(editor)) {
    throw new ModelError('forbidden', 'Only its author can change a worklog.');
  }
  return map;
}

export function editWorklog(
  doc: Y.Doc,
  editor: Editor,
  worklogId: string,
  patch: { seconds?: number; startedAt?: string; note?: string },
): void {
  const fields = parse(worklogInputSchema.partial().strict(), patch);
  write(doc, editor, () => {
    const map = ownWorklog(doc, editor, worklogId);
    let changed = false;
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined || map.get(k) === v) continue;
      map.set(k, v);
      changed = true;
    }
    if (changed) map.set('editedAt', nowIso(editor));
  });
}

export function deleteWorklog(doc: Y.Doc, editor: Editor, worklogId: string): void {
  write(doc, editor, () => {
    const map = ownWorklog(doc, editor, worklogId);
    map.set('deletedAt', nowIso(editor));
    map.set('note', '');
  });
}
