/**
 * One activity item as lines of text ("changed priority from medium to high", "moved from To do to
 * Doing"), pure so it is tested without a browser. Kinds this app does not know yet still get a
 * line: the kind and its field changes, never an error, because the server may add kinds first.
 *
 * A deleted comment's text is never shown: comment kinds never print their from/to at all.
 */
import type { ActivityChange, ActivityItem } from './history-api.ts';

/** How ids in changes become names: people from the document, columns from the document. */
export type Names = {
  person(id: string): string;
  column(id: string): string | undefined;
  /** Sprint names, where the caller knows them. */
  sprint?(id: string): string | undefined;
};

const DURATION_FIELDS: Record<string, string> = {
  originalEstimateSeconds: 'original estimate',
  remainingEstimateSeconds: 'remaining estimate',
  seconds: 'time logged',
};

/** Seconds as people say them: `2h 30m`, `45m`, `20s`. */
export function formatSeconds(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'none';
  const h = Math.floor(value / 3600);
  const m = Math.floor((value % 3600) / 60);
  const parts = [h ? `${h}h` : '', m ? `${m}m` : ''].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : `${Math.round(value)}s`;
}

function sprintName(id: unknown, names: Names): string {
  if (typeof id !== 'string' || id === '') return 'the backlog';
  return `sprint ${quoted(names.sprint?.(id) ?? 'no longer here')}`;
}

const MAX_VALUE = 80;

function isEmpty(value: unknown): boolean {
  return (
    value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

/** A field's value for a sentence: empty values read "none", long ones are cut. */
export function formatValue(value: unknown): string {
  if (isEmpty(value)) return 'none';
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function quoted(value: unknown): string {
  const text = formatValue(value);
  return text === 'none' ? text : `“${text}”`;
}

/** Fields whose values say nothing read aloud (long text, ranks, rules): named, not quoted. */
const OPAQUE_FIELDS = new Set(['description', 'rank', 'recurrence', 'order', 'position']);

function personValue(value: unknown, names: Names): string {
  return typeof value === 'string' && value !== '' ? names.person(value) : 'none';
}

function fieldChange(change: ActivityChange, names: Names): string {
  const { field, from, to } = change;
  if (OPAQUE_FIELDS.has(field)) return `changed the ${field}`;
  if (field === 'assignee') {
    if (isEmpty(from)) return `assigned ${personValue(to, names)}`;
    if (isEmpty(to)) return `unassigned ${personValue(from, names)}`;
    return `changed assignee from ${personValue(from, names)} to ${personValue(to, names)}`;
  }
  if (field === 'watchers') return 'changed who watches';
  if (field === 'sprintId') return `moved from ${sprintName(from, names)} to ${sprintName(to, names)}`;
  // Issue 14: ids of other tasks say nothing read aloud; a missing type is a task.
  if (field === 'parentId') return isEmpty(to) ? 'made it a task of its own' : 'made it a subtask';
  if (field === 'epicId') return isEmpty(to) ? 'took it out of its epic' : 'put it in an epic';
  if (field === 'type')
    return `changed type from ${formatValue(from ?? 'task')} to ${formatValue(to ?? 'task')}`;
  if (field === 'checklist') return checklistChange(from, to);
  if (field === 'link') return linkChange(from, to);
  const duration = DURATION_FIELDS[field];
  if (duration) {
    if (isEmpty(from)) return `set ${duration} to ${formatSeconds(to)}`;
    if (isEmpty(to)) return `cleared ${duration} (was ${formatSeconds(from)})`;
    return `changed ${duration} from ${formatSeconds(from)} to ${formatSeconds(to)}`;
  }
  if (field === 'title' || field === 'name') return `changed ${field} from ${quoted(from)} to ${quoted(to)}`;
  if (isEmpty(from)) return `set ${field} to ${formatValue(to)}`;
  if (isEmpty(to)) return `cleared ${field} (was ${formatValue(from)})`;
  return `changed ${field} from ${formatValue(from)} to ${formatValue(to)}`;
}

type CheckValue = { text?: unknown; done?: unknown; rank?: unknown };
const checkValue = (v: unknown): CheckValue | null => (v && typeof v === 'object' ? (v as CheckValue) : null);

/** A checklist item added, removed, renamed, ticked or moved (its text, done and rank before → after). */
function checklistChange(fromValue: unknown, toValue: unknown): string {
  const from = checkValue(fromValue);
  const to = checkValue(toValue);
  if (!from) return `added checklist item ${quoted(to?.text)}`;
  if (!to) return `removed checklist item ${quoted(from.text)}`;
  const lines: string[] = [];
  if (from.text !== to.text) lines.push(`renamed checklist item ${quoted(from.text)} to ${quoted(to.text)}`);
  if (from.done !== to.done) lines.push(`${to.done === true ? 'checked' : 'unchecked'} ${quoted(to.text)}`);
  if (lines.length === 0) lines.push(`moved checklist item ${quoted(to.text)}`);
  return lines.join(', ');
}

const LINK_WORDS: Record<string, string> = {
  blocks: 'blocks',
  relates: 'relates to',
  duplicates: 'duplicates',
};

/** A link added or removed, named by its kind and the other task's title as it was then. */
function linkChange(fromValue: unknown, toValue: unknown): string {
  const link = (toValue ?? fromValue) as { type?: unknown; title?: unknown } | null;
  const how = (typeof link?.type === 'string' && LINK_WORDS[link.type]) || 'links to';
  const other = isEmpty(link?.title) ? 'another task' : quoted(link?.title);
  return `${toValue ? 'added a link' : 'removed a link'}: ${how} ${other}`;
}

function columnName(id: unknown, given: string | null | undefined, names: Names): string {
  if (given) return given;
  if (typeof id === 'string') return names.column(id) ?? 'a column no longer here';
  return 'nowhere';
}

function moved(item: ActivityItem, names: Names): string {
  const change = item.changes.find((c) => c.field === 'column' || c.field === 'columnId');
  if (!change) return 'moved the task';
  const from = columnName(change.from, change.fromName, names);
  const to = columnName(change.to, change.toName, names);
  return change.from === change.to ? `moved within ${to}` : `moved from ${from} to ${to}`;
}

function changeOf(item: ActivityItem, field: string): ActivityChange | undefined {
  return item.changes.find((c) => c.field === field);
}

function changedValue(item: ActivityItem, field: string): unknown {
  const change = changeOf(item, field);
  return change?.to ?? change?.from;
}

/** An instant for a sentence, in the reader's local time. */
export function localDateTime(iso: unknown): string {
  if (typeof iso !== 'string' && typeof iso !== 'number') return 'an earlier moment';
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? 'an earlier moment'
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

const REMINDER_STEPS: Record<string, string> = {
  before: 'sent a reminder before the deadline',
  at: 'sent a reminder at the deadline',
  overdue: 'escalated: the task is overdue',
};

function reminder(item: ActivityItem, fallback: string): string {
  const step = changedValue(item, 'step');
  const text = (typeof step === 'string' && REMINDER_STEPS[step]) || fallback;
  const at = changedValue(item, 'at') ?? changedValue(item, 'deadline');
  return at === undefined ? text : `${text} · for ${localDateTime(at)}`;
}

function perChange(item: ActivityItem, names: Names, otherwise: string): string[] {
  return item.changes.length === 0 ? [otherwise] : item.changes.map((c) => fieldChange(c, names));
}

/** Entity kinds (project, column) whose created/updated/archived/restored read alike. */
function entityLines(noun: string, verb: string, item: ActivityItem, names: Names): string[] | null {
  const name = changedValue(item, 'name');
  const called = name === undefined ? '' : ` ${quoted(name)}`;
  switch (verb) {
    case 'created':
      return [`created ${noun}${called}`];
    case 'archived':
      return [`archived ${noun}${called}`];
    case 'restored':
      return [`restored ${noun}${called}`];
    case 'deleted':
      return [`deleted ${noun}${called}`];
    case 'undeleted':
      return [`brought back deleted ${noun}${called}`];
    case 'updated':
      return item.changes.length === 0
        ? [`changed ${noun}${called}`]
        : item.changes.map((c) =>
            c.field === 'name'
              ? `renamed ${noun} from ${quoted(c.from)} to ${quoted(c.to)}`
              : c.field === 'rank'
                ? `moved ${noun}${called}`
                : `${fieldChange(c, names)} of ${noun}${called}`,
          );
    default:
      return null;
  }
}

function generic(item: ActivityItem, names: Names): string[] {
  return item.changes.length === 0
    ? [item.kind]
    : item.changes.map((c) => `${item.kind}: ${fieldChange(c, names)}`);
}

/** At least one line, each a phrase that follows the actor's name. */
export function describeEntry(item: ActivityItem, names: Names): string[] {
  const [noun, verb] = item.kind.split('.', 2);
  switch (item.kind) {
    case 'task.created':
      return ['created the task'];
    case 'task.updated':
      return perChange(item, names, 'changed the task');
    case 'task.moved':
      return [moved(item, names)];
    case 'task.deleted':
      return ['deleted the task'];
    case 'task.undeleted':
      return ['brought back the deleted task'];
    case 'task.archived':
      return ['archived the task'];
    case 'task.restored':
      return ['restored the task'];
    case 'task.recurred':
      return ['created the next occurrence of this repeating task'];
    case 'comment.added':
      return ['commented'];
    case 'comment.edited':
      return ['edited a comment'];
    case 'comment.deleted':
      return ['deleted a comment'];
    case 'worklog.added':
      return [`logged ${formatSeconds(changedValue(item, 'seconds'))}`];
    case 'worklog.edited':
      return perChange(item, names, 'edited a worklog').map((line) => `${line} of a worklog`);
    case 'worklog.deleted':
      return ['deleted a worklog'];
    case 'sprint.created':
      return [`created sprint ${quoted(changedValue(item, 'name'))}`];
    case 'sprint.updated':
      return item.changes.map((c) =>
        c.field === 'start'
          ? c.to === null
            ? 'cleared a sprint start that lost'
            : 'started the sprint'
          : c.field === 'completion'
            ? 'completed the sprint'
            : `${fieldChange(c, names)} of the sprint`,
      );
    case 'reminder.sent':
      return [reminder(item, 'sent a reminder')];
    case 'reminder.escalated':
      return [reminder(item, 'escalated: the task is overdue')];
    case 'workspace.restored': {
      const scope = changeOf(item, 'projectId')
        ? 'a project'
        : changeOf(item, 'taskIds')
          ? 'tasks'
          : 'the workspace';
      return [`restored ${scope} to how it was at ${localDateTime(changedValue(item, 'at'))}`];
    }
    case 'history.purged': {
      const before = changedValue(item, 'before') ?? changedValue(item, 'at');
      return [
        before === undefined ? 'purged older history' : `purged history before ${localDateTime(before)}`,
      ];
    }
    default:
      if ((noun === 'project' || noun === 'column') && verb) {
        return entityLines(noun, verb, item, names) ?? generic(item, names);
      }
      return generic(item, names);
  }
}
