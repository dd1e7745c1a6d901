/**
 * Issue 12, must show 2: on a Scrum project set up over REST (tasks with estimates, a sprint
 * started, a task added mid-sprint, work done and logged, the sprint completed into the next),
 * every report of the Reports page renders in Chromium with axis titles and a legend (a
 * screenshot of each is kept with the test's output), its table holds exactly the numbers the
 * REST route returns for the same address, and its CSV downloads with those numbers. Then,
 * offline, a reload shows the last loaded report with the offline note.
 */
import { readFile } from 'node:fs/promises';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { api, apiLogin, person } from './fixtures/auth.ts';
import { openBoard, syncStatus, waitForServiceWorker } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

type Project = { id: string; key: string; columns: { id: string; name: string }[] };
type Value = string | number | null;

/** RFC 4180, enough for the app's files: quoted fields with doubled quotes, commas and line breaks inside. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  return rows;
}

const asText = (v: Value) => (v === null ? '' : String(v));

type Check = {
  /** The figure's heading. */
  title: string;
  xLabel: string;
  yLabel: string;
  legend: string[];
  /** The screenshot's file name. */
  shot: string;
  csvName: string;
  csvHeader: string[];
  /** Every cell's value in table order, from the REST answer. */
  rows: Value[][];
  /** Cells whose text is the value itself (numbers shown as sent); the others are formatted. */
  plainColumns: number[];
};

async function checkFigure(page: Page, testInfo: TestInfo, check: Check): Promise<Locator> {
  const figure = page.getByRole('region', { name: check.title, exact: true });
  await expect(figure).toBeVisible();

  // The chart: a canvas with a size, axis titles as text, uPlot's legend naming every series.
  const canvas = figure.locator('canvas').first();
  const box = await canvas.boundingBox();
  expect(box?.width ?? 0).toBeGreaterThan(100);
  expect(box?.height ?? 0).toBeGreaterThan(100);
  await expect(figure.locator('.axis-title.x')).toHaveText(check.xLabel);
  await expect(figure.locator('.axis-title.y')).toHaveText(check.yLabel);
  await expect(figure.locator('.axis-title.x')).toBeVisible();
  await expect(figure.locator('.axis-title.y')).toBeVisible();
  for (const label of check.legend) {
    await expect(figure.locator('.u-legend .u-label', { hasText: label }).first()).toBeVisible();
  }
  await figure.screenshot({ path: testInfo.outputPath(check.shot) });

  // The table: a caption, column headers, and exactly the server's numbers row by row.
  const table = figure.getByRole('table');
  await expect(table.locator('caption')).not.toBeEmpty();
  await expect(table.locator('thead th[scope="col"]')).toHaveCount(check.csvHeader.length);
  const cells = await table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) =>
      [...tr.querySelectorAll('th, td')].map((c) => ({
        value: c.getAttribute('data-value') ?? '',
        text: c.textContent ?? '',
        rowHeader: c.tagName === 'TH' && c.getAttribute('scope') === 'row',
      })),
    ),
  );
  expect(cells.map((row) => row.map((c) => c.value))).toEqual(check.rows.map((row) => row.map(asText)));
  expect(cells.every((row) => row[0]?.rowHeader)).toBe(true);
  for (const [r, row] of check.rows.entries()) {
    for (const column of check.plainColumns) {
      const v = row[column] ?? null;
      expect(cells[r]?.[column]?.text).toBe(v === null ? '—' : String(v));
    }
  }

  // The CSV: the same values under the file's header.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    figure.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(check.csvName);
  const csv = parseCsv(await readFile(await download.path(), 'utf8'));
  expect(csv[0]).toEqual(check.csvHeader);
  expect(csv.slice(1)).toEqual(check.rows.map((row) => row.map(asText)));
  return figure;
}

function isoDay(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

test('every report renders with axes and legend, its table matches REST, its CSV downloads, and it shows offline', async ({
  page,
  server,
}, testInfo) => {
  await openBoard(page, server.url, 'Ada');
  const { token } = await apiLogin(server.url, person('Ada'));
  const rest = <T>(path: string, body?: unknown, method?: string) =>
    api<T>(server.url, path, { token, body, ...(method ? { method } : {}) });
  /** The same address the page asked, answered to the test with Ada's own token. */
  const sameAs = async <T>(url: string): Promise<T> => {
    const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };

  // A Scrum project, three estimated tasks (one title needs CSV quoting), two sprints.
  const { project } = await rest<{ project: Project }>('/projects/first');
  await rest(`/projects/${project.id}`, { mode: 'scrum' }, 'PATCH');
  const columnId = (name: string) => project.columns.find((c) => c.name === name)?.id ?? '';
  const task = async (title: string, estimate: number, hours: number) =>
    (
      await rest<{ task: { id: string } }>('/tasks', {
        projectId: project.id,
        title,
        estimate,
        originalEstimateSeconds: hours * 3600,
      })
    ).task.id;
  const login = await task('Sign in, with a "magic" link', 3, 2);
  const search = await task('Search', 5, 4);
  const export_ = await task('Export', 2, 1);
  const today = new Date();
  const inFour = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 4);
  const sprint = async (name: string) =>
    (
      await rest<{ sprint: { id: string } }>(`/projects/${project.id}/sprints`, {
        name,
        startDate: isoDay(today),
        endDate: isoDay(inFour),
      })
    ).sprint.id;
  const sprint1 = await sprint('Sprint 1');
  const sprint2 = await sprint('Sprint 2');
  for (const id of [login, search]) await rest(`/tasks/${id}`, { sprintId: sprint1 }, 'PATCH');
  await rest(`/sprints/${sprint1}/start`, undefined, 'POST');
  // Added after the start: a scope change the burndown marks.
  await rest(`/tasks/${export_}`, { sprintId: sprint1 }, 'PATCH');
  await rest(`/tasks/${login}`, { columnId: columnId('In Progress') }, 'PATCH');
  await rest(`/tasks/${login}`, { columnId: columnId('Done') }, 'PATCH');
  await rest(`/tasks/${login}/worklogs`, { seconds: 5400 });
  await rest(`/tasks/${search}/worklogs`, { seconds: 1800 });
  await rest(`/sprints/${sprint1}/complete`, { moveOpenTo: sprint2 });
  await rest(`/sprints/${sprint2}/start`, undefined, 'POST');
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');

  await page.getByRole('link', { name: 'Reports', exact: true }).click();
  await expect(page).toHaveURL(/\/reports$/);
  await expect(page.getByRole('link', { name: 'Reports', exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
  const tab = (name: string) => page.getByRole('tab', { name, exact: true });
  const answer = (part: string) => page.waitForResponse((r) => r.url().includes(part) && r.status() === 200);

  // Burndown: the active sprint first; Sprint 1 (completed) chosen from the picker.
  const sprintPicker = page.getByRole('combobox', { name: 'Sprint', exact: true });
  await expect(sprintPicker.locator('option')).toHaveText(['Sprint 1 (closed)', 'Sprint 2 (active)']);
  await expect(sprintPicker).toHaveValue(sprint2);
  await expect(page.getByRole('region', { name: 'Burndown: Sprint 2' })).toBeVisible();
  const burndownAnswer = answer(`/sprints/${sprint1}/burndown`);
  await sprintPicker.selectOption(sprint1);
  type Burndown = {
    committed: number;
    days: { date: string; remaining: number | null; ideal: number; scopeChange: number }[];
  };
  const burndown = await sameAs<Burndown>((await burndownAnswer).url());
  expect(burndown.committed).toBe(8);
  expect(burndown.days[0]).toMatchObject({ remaining: 7, scopeChange: 2 });
  expect(burndown.days.at(-1)?.remaining).toBeNull();
  await checkFigure(page, testInfo, {
    title: 'Burndown: Sprint 1',
    xLabel: 'Day of the sprint',
    yLabel: 'Points',
    legend: ['Remaining', 'Ideal', 'Scope change'],
    shot: 'burndown.png',
    csvName: 'burndown-sprint-1.csv',
    csvHeader: ['date', 'remaining', 'ideal', 'scope_change'],
    rows: burndown.days.map((d) => [d.date, d.remaining, d.ideal, d.scopeChange]),
    plainColumns: [0, 1, 2, 3],
  });

  // Velocity.
  const velocityAnswer = answer(`/projects/${project.id}/velocity`);
  await tab('Velocity').click();
  type Velocity = { sprints: { name: string; committed: number; completed: number }[] };
  const velocity = await sameAs<Velocity>((await velocityAnswer).url());
  expect(velocity.sprints).toEqual([
    expect.objectContaining({ name: 'Sprint 1', committed: 8, completed: 3 }),
  ]);
  await checkFigure(page, testInfo, {
    title: 'Velocity',
    xLabel: 'Sprint',
    yLabel: 'Points',
    legend: ['Committed', 'Completed'],
    shot: 'velocity.png',
    csvName: `velocity-${project.key.toLowerCase()}.csv`,
    csvHeader: ['sprint', 'committed', 'completed'],
    rows: velocity.sprints.map((s) => [s.name, s.committed, s.completed]),
    plainColumns: [0, 1, 2],
  });

  // Cumulative flow over the default range (the 30 days ending today).
  const cfdAnswer = answer(`/projects/${project.id}/cfd`);
  await tab('Cumulative flow').click();
  type Cfd = {
    columns: { id: string; name: string }[];
    days: { date: string; counts: Record<string, number> }[];
  };
  const cfdUrl = (await cfdAnswer).url();
  const cfd = await sameAs<Cfd>(cfdUrl);
  const from = new URL(cfdUrl).searchParams.get('from') ?? '';
  const to = new URL(cfdUrl).searchParams.get('to') ?? '';
  expect(to).toBe(isoDay(today));
  expect(cfd.days).toHaveLength(30);
  await expect(page.getByLabel('From', { exact: true })).toHaveValue(from);
  await checkFigure(page, testInfo, {
    title: 'Cumulative flow',
    xLabel: 'Day',
    yLabel: 'Tasks',
    legend: cfd.columns.map((c) => c.name),
    shot: 'cfd.png',
    csvName: `cfd-${project.key.toLowerCase()}-${from}-${to}.csv`,
    csvHeader: ['date', ...cfd.columns.map((c) => c.name)],
    rows: cfd.days.map((d) => [d.date, ...cfd.columns.map((c) => d.counts[c.id] ?? null)]),
    plainColumns: [0, ...cfd.columns.map((_c, i) => i + 1)],
  });

  // Cycle time.
  const cycleAnswer = answer(`/projects/${project.id}/cycle-time`);
  await tab('Cycle time').click();
  type Cycle = {
    tasks: { key: string; title: string; startedAt: string; doneAt: string; days: number }[];
    medianDays: number | null;
    p85Days: number | null;
  };
  const cycle = await sameAs<Cycle>((await cycleAnswer).url());
  expect(cycle.tasks.map((t) => t.title)).toEqual(['Sign in, with a "magic" link']);
  const cycleFigure = await checkFigure(page, testInfo, {
    title: 'Cycle time',
    xLabel: 'Reached the done column',
    yLabel: 'Days',
    legend: ['Task', 'Median', '85th percentile'],
    shot: 'cycle-time.png',
    csvName: `cycle-time-${project.key.toLowerCase()}-${from}-${to}.csv`,
    csvHeader: ['task', 'title', 'started_at', 'done_at', 'days'],
    rows: cycle.tasks.map((t) => [t.key, t.title, t.startedAt, t.doneAt, t.days]),
    plainColumns: [0, 1, 4],
  });
  await expect(cycleFigure.locator('caption')).toContainText(
    `median ${cycle.medianDays} days, 85th percentile ${cycle.p85Days} days`,
  );

  // Created vs resolved.
  const weeksAnswer = answer(`/projects/${project.id}/created-resolved`);
  await tab('Created vs resolved').click();
  type Weeks = { weeks: { week: string; created: number; resolved: number }[] };
  const weeks = await sameAs<Weeks>((await weeksAnswer).url());
  expect(weeks.weeks.reduce((n, w) => n + w.created, 0)).toBe(3);
  expect(weeks.weeks.reduce((n, w) => n + w.resolved, 0)).toBe(1);
  await checkFigure(page, testInfo, {
    title: 'Created vs resolved',
    xLabel: 'Week (starting Monday)',
    yLabel: 'Tasks',
    legend: ['Created', 'Resolved'],
    shot: 'created-resolved.png',
    csvName: `created-resolved-${project.key.toLowerCase()}-${from}-${to}.csv`,
    csvHeader: ['week', 'created', 'resolved'],
    rows: weeks.weeks.map((w) => [w.week, w.created, w.resolved]),
    plainColumns: [0, 1, 2],
  });

  // Time: per person per week, and per task against its estimate.
  const timeAnswer = answer(`/projects/${project.id}/time`);
  await tab('Time').click();
  type Time = {
    weeks: string[];
    people: { name: string; seconds: Record<string, number>; totalSeconds: number }[];
    tasks: {
      key: string;
      title: string;
      loggedSeconds: number;
      timeSpentSeconds: number;
      originalEstimateSeconds: number | null;
    }[];
  };
  const time = await sameAs<Time>((await timeAnswer).url());
  expect(time.people).toEqual([expect.objectContaining({ name: 'Ada', totalSeconds: 7200 })]);
  const people = await checkFigure(page, testInfo, {
    title: 'Time logged per person',
    xLabel: 'Week (starting Monday)',
    yLabel: 'Hours',
    legend: ['Ada'],
    shot: 'time-people.png',
    csvName: `time-people-${project.key.toLowerCase()}-${from}-${to}.csv`,
    csvHeader: ['person', ...time.weeks.map((w) => `${w} (seconds)`), 'total (seconds)'],
    rows: time.people.map((p) => [p.name, ...time.weeks.map((w) => p.seconds[w] ?? 0), p.totalSeconds]),
    plainColumns: [0],
  });
  await expect(people.getByRole('cell', { name: '2h', exact: true }).last()).toBeVisible();
  const tasks = await checkFigure(page, testInfo, {
    title: 'Estimate vs time spent per task',
    xLabel: 'Task',
    yLabel: 'Hours',
    legend: ['Original estimate', 'Time spent'],
    shot: 'time-tasks.png',
    csvName: `time-tasks-${project.key.toLowerCase()}-${from}-${to}.csv`,
    csvHeader: ['task', 'title', 'logged (seconds)', 'time spent (seconds)', 'original estimate (seconds)'],
    rows: time.tasks.map((t) => [
      t.key,
      t.title,
      t.loggedSeconds,
      t.timeSpentSeconds,
      t.originalEstimateSeconds,
    ]),
    plainColumns: [0, 1],
  });
  await expect(
    tasks.getByRole('row', { name: /Sign in, with a "magic" link 1h 30m 1h 30m 2h/ }),
  ).toBeVisible();

  // Offline: a reload (the service worker serves the app) shows the time report as loaded.
  await waitForServiceWorker(page);
  await page.context().setOffline(true);
  await page.reload();
  await expect(
    page.getByRole('status').filter({ hasText: 'Offline — showing the report as loaded at' }),
  ).toBeVisible();
  await expect(page.getByRole('region', { name: 'Time logged per person' }).getByRole('table')).toContainText(
    'Ada',
  );
  // Other reports loaded before, reached inside the app, show too; one never loaded says why it cannot.
  const offlineNote = page.getByText(/^Offline — showing the report as loaded at/);
  await tab('Velocity').click();
  await expect(offlineNote).toBeVisible();
  await expect(page.getByRole('region', { name: 'Velocity' }).getByRole('table')).toContainText('Sprint 1');
  await tab('Burndown').click();
  await sprintPicker.selectOption(sprint1);
  await expect(page.getByRole('region', { name: 'Burndown: Sprint 1' })).toBeVisible();
  await expect(offlineNote).toBeVisible();
  await tab('Cumulative flow').click();
  await expect(page.getByRole('region', { name: 'Cumulative flow' })).toBeVisible();
  await expect(offlineNote).toBeVisible();
  await page
    .getByLabel('To', { exact: true })
    .fill(isoDay(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1)));
  await expect(page.getByRole('alert')).toContainText('Cannot reach the server');

  // Back online, the report is asked again and the note goes.
  await page.context().setOffline(false);
  await expect(page.getByRole('region', { name: 'Cumulative flow' })).toBeVisible({ timeout: 15_000 });
  await expect(offlineNote).toBeHidden();
});
