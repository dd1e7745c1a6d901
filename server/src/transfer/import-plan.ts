/**
 * The plan both importers produce (Trello board JSON, Jira CSV): a board's statuses and tasks in
 * Taskflow's terms, checked against the model's limits before anything is written. Each source
 * parser only reads its format; everything they share is here: the limits, what is skipped and
 * why, the mapping of statuses to columns the preview proposes, and matching people to members.
 *
 * Skipping, not truncating: a title longer than the model takes would be cut at an arbitrary
 * point, and a half title is worse than the report line "WEB-7: title longer than 500
 * characters", which someone can fix at the source and import again. What is skipped is said in
 * the preview before anything is written, and again in the report.
 */
import { LIMITS, type Priority, STRUCTURE_LIMITS, type TaskType } from '@taskflow/model';
import { z } from 'zod';

export const IMPORT_SOURCES = ['trello', 'jira'] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];

/**
 * Tasks one import creates at most: a bigger board is split at the source. An import is one
 * request; 2,000 tasks take about 12 s on a busy 2-core machine (bench/imports.ts), well under a
 * reverse proxy's usual 60 s timeout, after which a person would see an error for an import that
 * still happened, and might run it again.
 */
export const IMPORT_MAX_TASKS = 2_000;
/** Comments one task brings at most (Trello boards keep whole conversations). */
export const IMPORT_MAX_COMMENTS = 200;
/** Distinct statuses (lists, Jira statuses): each can become a column. */
export const IMPORT_MAX_STATUSES = 50;
export const COMMENT_MAX = 10_000;

/** Someone as the source names them: an email when it has one, a display name otherwise. */
export type PersonRef = { email: string | null; name: string | null };

export type PlanTask = {
  /** How the report names it: the Jira key, or the Trello card's short link. */
  ref: string;
  title: string;
  description: string;
  status: string;
  priority: Priority;
  type: TaskType | null;
  labels: string[];
  assignee: PersonRef | null;
  /** A day, `YYYY-MM-DD`. */
  deadline: string | null;
  estimate: number | null;
  sprint: string | null;
  /** When it was created at the source (ISO), kept as the task's creation time. */
  createdAt: string | null;
  checklist: { text: string; done: boolean }[];
  comments: { author: string; createdAt: string | null; body: string }[];
};

export type Skipped = { ref: string; reason: string };

export type ImportPlan = {
  source: ImportSource;
  /** The board's name at the source: the new project's name unless another is given. */
  name: string;
  /** The project key at the source (Jira's `SHOP`), kept when no project of the workspace holds it. */
  key: string | null;
  /** Statuses in the source's order (Trello: the lists left to right; Jira: as first met). */
  statuses: string[];
  tasks: PlanTask[];
  /** Whole items left out, and parts of items (a label, a comment), each with its reason. */
  skipped: Skipped[];
};

/** Thrown by the parsers: the file cannot be imported at all (wrong format, too big); nothing is written. */
export class ImportRefused extends Error {
  override name = 'ImportRefused';
  constructor(
    readonly kind: 'format' | 'too_large' | 'too_deep',
    message: string,
  ) {
    super(message);
  }
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The tasks a source read, checked field by field against the model's limits: a task whose title or
 * description does not fit is skipped whole; a label, checklist item or comment that does not fit
 * is left out of its task. Both are reported.
 */
export function checkPlan(plan: ImportPlan): ImportPlan {
  const skipped = [...plan.skipped];
  const tasks: PlanTask[] = [];
  if (plan.tasks.length > IMPORT_MAX_TASKS) {
    throw new ImportRefused(
      'too_large',
      `The file holds ${plan.tasks.length} tasks; one import takes at most ${IMPORT_MAX_TASKS}.`,
    );
  }
  for (const task of plan.tasks) {
    const title = oneLine(task.title);
    if (title === '') {
      skipped.push({ ref: task.ref, reason: 'no title' });
      continue;
    }
    if (title.length > LIMITS.title) {
      skipped.push({ ref: task.ref, reason: `title longer than ${LIMITS.title} characters` });
      continue;
    }
    if (task.description.length > LIMITS.description) {
      skipped.push({ ref: task.ref, reason: `description longer than ${LIMITS.description} characters` });
      continue;
    }
    const labels: string[] = [];
    for (const raw of task.labels) {
      const label = oneLine(raw);
      if (label === '' || labels.includes(label)) continue;
      if (label.length > LIMITS.label) {
        skipped.push({
          ref: task.ref,
          reason: `label "${label.slice(0, 60)}…" longer than ${LIMITS.label} characters`,
        });
      } else if (labels.length === LIMITS.labels) {
        skipped.push({
          ref: task.ref,
          reason: `label "${label}": a task has at most ${LIMITS.labels} labels`,
        });
      } else labels.push(label);
    }
    const checklist = [];
    for (const item of task.checklist) {
      const text = item.text.trim();
      if (text === '') continue;
      if (text.length > STRUCTURE_LIMITS.checklistText) {
        skipped.push({
          ref: task.ref,
          reason: `checklist item longer than ${STRUCTURE_LIMITS.checklistText} characters`,
        });
      } else if (checklist.length === STRUCTURE_LIMITS.checklistItems) {
        skipped.push({
          ref: task.ref,
          reason: `checklist item "${text.slice(0, 60)}": at most ${STRUCTURE_LIMITS.checklistItems} items`,
        });
      } else checklist.push({ text, done: item.done });
    }
    const comments = [];
    for (const comment of task.comments) {
      const body = commentBody(plan.source, comment.author, comment.body);
      if (comment.body.trim() === '') continue;
      if (body.length > COMMENT_MAX) {
        skipped.push({
          ref: task.ref,
          reason: `comment by ${comment.author} longer than ${COMMENT_MAX} characters`,
        });
      } else if (comments.length === IMPORT_MAX_COMMENTS) {
        skipped.push({
          ref: task.ref,
          reason: `comment by ${comment.author}: at most ${IMPORT_MAX_COMMENTS} per task`,
        });
      } else comments.push({ ...comment, body });
    }
    let estimate = task.estimate;
    if (estimate !== null && !(estimate >= 0 && estimate <= LIMITS.estimate)) {
      skipped.push({
        ref: task.ref,
        reason: `estimate ${estimate} outside 0 to ${LIMITS.estimate}: left empty`,
      });
      estimate = null;
    }
    let sprint = task.sprint === null ? null : oneLine(task.sprint);
    if (sprint !== null && (sprint === '' || sprint.length > LIMITS.name)) {
      if (sprint !== '')
        skipped.push({ ref: task.ref, reason: `sprint name longer than ${LIMITS.name} characters` });
      sprint = null;
    }
    tasks.push({
      ...task,
      title,
      labels,
      checklist,
      comments,
      estimate,
      sprint,
      status: statusName(task.status),
    });
  }
  const statuses = [...new Set([...plan.statuses.map(statusName), ...tasks.map((t) => t.status)])];
  if (statuses.length > IMPORT_MAX_STATUSES) {
    throw new ImportRefused(
      'too_large',
      `The file has ${statuses.length} statuses; one import maps at most ${IMPORT_MAX_STATUSES} to columns.`,
    );
  }
  return { ...plan, name: projectName(plan.name, plan.source), statuses, tasks, skipped };
}

/** A status as a column could be named: one line, within a column name's limit, never empty. */
function statusName(status: string): string {
  const name = oneLine(status).slice(0, LIMITS.name);
  return name === '' ? 'No status' : name;
}

function projectName(name: string, source: ImportSource): string {
  const clean = oneLine(name).slice(0, LIMITS.name);
  return clean === '' ? (source === 'trello' ? 'Trello import' : 'Jira import') : clean;
}

/**
 * An imported comment is posted by the person importing (comments are their author's alone to
 * edit, and the source's author may not be a member), so its body says who wrote it at the source.
 */
function commentBody(source: ImportSource, author: string, body: string): string {
  const from = source === 'trello' ? 'Trello' : 'Jira';
  return `${author} wrote on ${from}:\n\n${body.trim()}`;
}

/** The project's starting columns, and the words that mean each at the source (case-insensitive). */
const KNOWN_COLUMNS: readonly { column: string; words: readonly string[] }[] = [
  { column: 'To Do', words: ['to do', 'todo', 'open', 'new', 'selected for development'] },
  { column: 'In Progress', words: ['in progress', 'doing', 'in-progress', 'started', 'wip'] },
  { column: 'Done', words: ['done', 'closed', 'resolved', 'complete', 'completed', 'finished'] },
];

/** Where a status sits in a workflow when the source gives no order (Jira): backlog, to do, doing, others, done. */
export function workflowRank(status: string): number {
  const folded = status.toLowerCase();
  if (folded === 'backlog') return 0;
  const known = KNOWN_COLUMNS.findIndex((k) => k.words.includes(folded));
  return known === 0 ? 1 : known === 1 ? 2 : known === 2 ? 4 : 3;
}

/** status → column name: a known meaning maps to the starting column, anything else to a column of its own name. */
export function proposeMapping(statuses: readonly string[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const status of statuses) {
    const folded = status.toLowerCase();
    mapping[status] = KNOWN_COLUMNS.find((k) => k.words.includes(folded))?.column ?? status;
  }
  return mapping;
}

export const mappingSchema = z.record(
  z.string().min(1).max(LIMITS.name),
  z.string().trim().min(1).max(LIMITS.name),
);
export type StatusMapping = z.infer<typeof mappingSchema>;

/**
 * The columns a confirmed mapping makes, in the order of the first status that maps to each, so a
 * Trello board keeps its lists' order. Refuses a mapping that leaves a status with tasks unmapped:
 * guessing a column for it is what the preview is for.
 */
export function columnsOf(plan: ImportPlan, mapping: StatusMapping): string[] {
  const missing = plan.statuses.filter((s) => mapping[s] === undefined);
  if (missing.length > 0) {
    throw new ImportRefused(
      'format',
      `The mapping leaves these statuses without a column: ${missing.map((s) => `"${s}"`).join(', ')}.`,
    );
  }
  return [...new Set(plan.statuses.map((s) => mapping[s] as string))];
}

export type Member = { userId: string; email: string; name: string };

/**
 * Who a source's person is among the workspace's members: by email (case-insensitive), else by a
 * display name exactly one member has. Null when nobody or several match: an import never guesses
 * between two people.
 */
export function matchMember(person: PersonRef, members: readonly Member[]): Member | null {
  if (person.email) {
    const email = person.email.toLowerCase();
    const byEmail = members.find((m) => m.email.toLowerCase() === email);
    if (byEmail) return byEmail;
  }
  if (person.name) {
    const name = oneLine(person.name).toLowerCase();
    const byName = members.filter((m) => m.name.toLowerCase() === name);
    if (byName.length === 1) return byName[0] as Member;
  }
  return null;
}

export function personLabel(person: PersonRef): string {
  return person.email ?? person.name ?? 'someone';
}
