import { describe, expect, test } from 'vitest';
import { IMPORT_MAX_TASKS, ImportRefused } from './import-plan.ts';
import { jiraDate, parseJiraCsv } from './jira-csv.ts';

describe('jira csv', () => {
  test('dates in the formats Jira exports, as UTC; impossible dates are none', () => {
    expect(jiraDate('02/Dec/26 9:15 AM')).toBe('2026-12-02T09:15:00.000Z');
    expect(jiraDate('02/Dec/26 12:05 PM')).toBe('2026-12-02T12:05:00.000Z');
    expect(jiraDate('02/Dec/26 12:05 AM')).toBe('2026-12-02T00:05:00.000Z');
    expect(jiraDate('02/Dec/2026 17:40')).toBe('2026-12-02T17:40:00.000Z');
    expect(jiraDate('2026-12-02')).toBe('2026-12-02T00:00:00.000Z');
    expect(jiraDate('2026-12-02 09:15')).toBe('2026-12-02T09:15:00.000Z');
    expect(jiraDate('2026-12-02T09:15:00.000+0100')).toBe('2026-12-02T08:15:00.000Z');
    expect(jiraDate('31/Feb/26 9:15 AM')).toBeNull();
    expect(jiraDate('yesterday')).toBeNull();
    expect(jiraDate('')).toBeNull();
  });

  test('columns by header in any order; repeated Labels and Sprint columns; the last sprint counts', () => {
    const plan = parseJiraCsv(
      'Status,Labels,Summary,Sprint,Labels,Sprint,Story Points,Priority,Assignee\n' +
        'Done,a,First,S1,b,S2,2.5,Blocker,Dana Doe\n' +
        'Backlog,,Second,,,,,,x@example.com\n',
    );
    expect(plan.tasks[0]).toMatchObject({
      title: 'First',
      status: 'Done',
      labels: ['a', 'b'],
      sprint: 'S2',
      estimate: 2.5,
      priority: 'highest',
      assignee: { email: null, name: 'Dana Doe' },
    });
    expect(plan.tasks[1]).toMatchObject({
      labels: [],
      sprint: null,
      estimate: null,
      assignee: { email: 'x@example.com' },
    });
    // No workflow order in the file: backlog before done.
    expect(plan.statuses).toEqual(['Backlog', 'Done']);
  });

  test('unreadable values are noted and left out, the task kept', () => {
    const plan = parseJiraCsv(
      'Issue key,Summary,Status,Priority,Story Points,Due Date\nX-1,T,To Do,Urgentish,lots,soon\n',
    );
    expect(plan.tasks[0]).toMatchObject({ priority: 'medium', estimate: null, deadline: null });
    expect(plan.skipped.map((s) => s.reason)).toEqual([
      'priority "Urgentish" unknown: medium',
      'story points "lots" not a number: left empty',
      'due date "soon" unreadable: left empty',
    ]);
  });

  test('a file without Summary or Status is no Jira export; too many rows is refused', () => {
    expect(() => parseJiraCsv('Name,State\nx,y\n')).toThrow(/not a Jira CSV export/);
    const rows = Array.from({ length: IMPORT_MAX_TASKS + 1 }, () => 'T,To Do').join('\n');
    const refused = (() => {
      try {
        parseJiraCsv(`Summary,Status\n${rows}\n`);
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(ImportRefused);
    expect((refused as ImportRefused).kind).toBe('too_large');
  });
});
