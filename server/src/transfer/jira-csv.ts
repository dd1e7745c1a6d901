/**
 * A Jira CSV export (Filters → Export → Export CSV, all fields or the current fields) read into an
 * import plan. Columns are found by their header, case-insensitive, in any order; columns Jira
 * repeats (Labels, Sprint, Comment) are read as one list. Needed: Summary and Status. Read when
 * present: Issue key, Issue Type, Description, Priority, Assignee (an email or a display name),
 * Labels, Sprint (the last one named: an issue carried over lists every sprint it was in),
 * Story Points (`Custom field (Story Points)`, `Story Points`, `Custom field (Story point
 * estimate)`), Created, Due Date, Comment (`date;author;text`). Everything else is ignored.
 *
 * Jira writes dates in the exporting person's format and zone without saying which: we read
 * `02/Dec/26 9:15 AM`, `02/Dec/2026 09:15`, `2026-12-02 09:15` and ISO, as UTC.
 */

import type { Priority, TaskType } from '@taskflow/model';
import { parse } from 'csv-parse/sync';
import {
  IMPORT_MAX_TASKS,
  type ImportPlan,
  ImportRefused,
  type PlanTask,
  type Skipped,
  workflowRank,
} from './import-plan.ts';

const PRIORITY: Record<string, Priority> = {
  highest: 'highest',
  blocker: 'highest',
  critical: 'highest',
  high: 'high',
  major: 'high',
  medium: 'medium',
  normal: 'medium',
  low: 'low',
  minor: 'low',
  lowest: 'lowest',
  trivial: 'lowest',
};

const TYPE: Record<string, TaskType> = { bug: 'bug', story: 'story', epic: 'epic', task: 'task' };

const STORY_POINTS = ['custom field (story points)', 'story points', 'custom field (story point estimate)'];

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A Jira date as an ISO instant (UTC), or null when it is none of the formats we read. */
export function jiraDate(value: string): string | null {
  const v = value.trim();
  if (v === '') return null;
  const dmy = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?:\s*([AaPp][Mm]))?)?$/.exec(
    v,
  );
  if (dmy) {
    const [, d, mon, y, h, min, ampm] = dmy;
    const month = MONTHS.indexOf((mon as string).toLowerCase());
    if (month < 0) return null;
    const year = (y as string).length === 2 ? 2000 + Number(y) : Number(y);
    let hour = h === undefined ? 0 : Number(h);
    if (ampm) hour = (hour % 12) + (ampm.toLowerCase() === 'pm' ? 12 : 0);
    const t = Date.UTC(year, month, Number(d), hour, min === undefined ? 0 : Number(min));
    const date = new Date(t);
    // 31/Feb/26 rolls over in Date.UTC; a date that does not exist is not a date.
    return date.getUTCDate() === Number(d) && date.getUTCMonth() === month && hour < 24
      ? date.toISOString()
      : null;
  }
  const iso =
    /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      v,
    );
  if (iso) {
    const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = iso;
    const offset = zone === undefined || zone === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
    const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  }
  return null;
}

function readRows(content: string): string[][] {
  try {
    return parse(content, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // Header and one row past the limit: enough to know the file is over it without reading on.
      to: IMPORT_MAX_TASKS + 2,
    }) as string[][];
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : 'unreadable';
    throw new ImportRefused('format', `The file is not a Jira CSV export: it does not read as CSV (${why}).`);
  }
}

export function parseJiraCsv(content: string): ImportPlan {
  const rows = readRows(content);
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const all = (name: string) => header.flatMap((h, i) => (h === name ? [i] : []));
  const one = (names: string | string[]) => {
    for (const name of typeof names === 'string' ? [names] : names) {
      const i = header.indexOf(name);
      if (i >= 0) return i;
    }
    return -1;
  };
  const summary = one('summary');
  const status = one('status');
  if (summary < 0 || status < 0) {
    throw new ImportRefused(
      'format',
      'The file is not a Jira CSV export: it needs the columns Summary and Status (Jira: Filters → Export → Export CSV).',
    );
  }
  if (rows.length > IMPORT_MAX_TASKS + 1) {
    throw new ImportRefused(
      'too_large',
      `The file holds more than ${IMPORT_MAX_TASKS} issues; one import takes at most ${IMPORT_MAX_TASKS}.`,
    );
  }
  const col = {
    key: one('issue key'),
    type: one('issue type'),
    description: one('description'),
    priority: one('priority'),
    assignee: one('assignee'),
    points: one(STORY_POINTS),
    created: one('created'),
    due: one(['due date', 'due']),
    labels: all('labels'),
    sprints: all('sprint'),
    comments: all('comment'),
    projectKey: one('project key'),
    projectName: one('project name'),
  };
  const skipped: Skipped[] = [];
  const tasks: PlanTask[] = [];
  const statuses: string[] = [];
  for (const [n, row] of rows.slice(1).entries()) {
    const cell = (i: number) => (i >= 0 ? (row[i] ?? '').trim() : '');
    const ref = cell(col.key) || `row ${n + 2}`;
    const note = (reason: string) => skipped.push({ ref, reason });
    const taskStatus = cell(status);
    if (!statuses.includes(taskStatus)) statuses.push(taskStatus);
    const priorityText = cell(col.priority).toLowerCase();
    const priority = PRIORITY[priorityText];
    if (priorityText !== '' && !priority) note(`priority "${cell(col.priority)}" unknown: medium`);
    const pointsText = cell(col.points);
    const points = pointsText === '' ? null : Number(pointsText);
    if (points !== null && !Number.isFinite(points))
      note(`story points "${pointsText}" not a number: left empty`);
    const dueText = cell(col.due);
    const due = jiraDate(dueText);
    if (dueText !== '' && due === null) note(`due date "${dueText}" unreadable: left empty`);
    const createdText = cell(col.created);
    const created = jiraDate(createdText);
    if (createdText !== '' && created === null)
      note(`created date "${createdText}" unreadable: imported as now`);
    const assignee = cell(col.assignee);
    tasks.push({
      ref,
      title: cell(summary),
      description: cell(col.description),
      status: taskStatus,
      priority: priority ?? 'medium',
      type: TYPE[cell(col.type).toLowerCase()] ?? null,
      labels: col.labels
        .map(cell)
        .flatMap((l) => l.split(/\s+/))
        .filter((l) => l !== ''),
      assignee:
        assignee === ''
          ? null
          : assignee.includes('@')
            ? { email: assignee, name: null }
            : { email: null, name: assignee },
      deadline: due === null ? null : due.slice(0, 10),
      estimate: points !== null && Number.isFinite(points) ? points : null,
      sprint:
        col.sprints
          .map(cell)
          .filter((s) => s !== '')
          .at(-1) ?? null,
      createdAt: created,
      checklist: [],
      comments: col.comments.map(cell).flatMap((c) => jiraComment(c) ?? []),
    });
  }
  const first = rows[1] ?? [];
  const at = (i: number) => (i >= 0 ? (first[i] ?? '').trim() : '');
  const key = at(col.projectKey) || (/^([A-Za-z][A-Za-z0-9]{1,9})-\d+$/.exec(at(col.key))?.[1] ?? '');
  // Jira's export has no workflow order: statuses go backlog, to do, doing, the others, done.
  const ordered = statuses
    .map((s, i) => ({ s, i }))
    .sort((a, b) => workflowRank(a.s) - workflowRank(b.s) || a.i - b.i)
    .map((x) => x.s);
  return {
    source: 'jira',
    name: at(col.projectName),
    key: key === '' ? null : key,
    statuses: ordered,
    tasks,
    skipped,
  };
}

/** A Jira comment cell: `02/Dec/26 9:15 AM;author;text` (the text may hold semicolons). */
function jiraComment(value: string): PlanTask['comments'][number] | null {
  if (value === '') return null;
  const first = value.indexOf(';');
  const second = first < 0 ? -1 : value.indexOf(';', first + 1);
  if (second < 0) return { author: 'someone', createdAt: null, body: value };
  const createdAt = jiraDate(value.slice(0, first));
  if (createdAt === null) return { author: 'someone', createdAt: null, body: value };
  return {
    author: value.slice(first + 1, second).trim() || 'someone',
    createdAt,
    body: value.slice(second + 1),
  };
}
