/**
 * Time: the hours people logged on the project's tasks each week, and each task's time spent
 * against its original estimate. Charts are in hours; the tables read as durations ("1h 30m")
 * and keep the seconds the server counted as their values (and in the CSV).
 */
import { useMemo } from 'react';
import type uPlot from 'uplot';
import { formatDuration } from '../time/duration.ts';
import { useWorkspace } from '../workspace-context.ts';
import { bar, categoryX, colorAt, fromZero, indexes, line, yAxis } from './chart-options.ts';
import { ReportFigure } from './report-figure.tsx';
import { ReportStatus } from './report-status.tsx';
import { type Cell, type ReportTable, textCell } from './report-table.ts';
import { type DayRange, type TimeReport as Report, reportPaths, timeReportSchema } from './reports-api.ts';
import { hours } from './units.ts';
import { useReport } from './use-report.ts';

type Props = { projectId: string; projectKey: string; range: DayRange };

function durationCell(seconds: number | null): Cell {
  return { text: seconds === null ? '—' : formatDuration(seconds), value: seconds };
}

export function TimeReport({ projectId, projectKey, range }: Props) {
  const { workspace, actorId } = useWorkspace();
  const [state, retry] = useReport(
    actorId,
    reportPaths.time(workspace.name, projectId, range),
    timeReportSchema,
  );
  return (
    <ReportStatus state={state} retry={retry}>
      {(body) => (
        <>
          <PeopleFigure report={body} projectKey={projectKey} range={range} />
          <TasksFigure report={body} projectKey={projectKey} range={range} />
        </>
      )}
    </ReportStatus>
  );
}

function PeopleFigure({
  report,
  projectKey,
  range,
}: {
  report: Report;
  projectKey: string;
  range: DayRange;
}) {
  const shapeKey = JSON.stringify([report.weeks, report.people.map((p) => p.name)]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `shapeKey` stands for the weeks and people.
  const options = useMemo(() => {
    const x = categoryX('Week of', report.weeks);
    return {
      scales: { x: x.scale, y: fromZero },
      axes: [x.axis, yAxis()],
      series: [x.series, ...report.people.map((p, i) => line(p.name, colorAt(i)))],
    };
  }, [shapeKey]);
  const data = useMemo<uPlot.AlignedData>(
    () => [
      indexes(report.weeks.length),
      ...report.people.map((p) => report.weeks.map((w) => hours(p.seconds[w] ?? 0))),
    ],
    [report],
  );
  const table: ReportTable = {
    caption: `Time logged per person per week (weeks start on Monday), ${range.from} to ${range.to}`,
    columns: [
      { label: 'Person', csv: 'person' },
      ...report.weeks.map((w) => ({ label: `Week of ${w}`, csv: `${w} (seconds)`, key: w })),
      { label: 'Total', csv: 'total (seconds)', key: '#total' },
    ],
    rows: report.people.map((p) => [
      textCell(p.name),
      ...report.weeks.map((w) => durationCell(p.seconds[w] ?? 0)),
      durationCell(p.totalSeconds),
    ]),
  };
  return (
    <ReportFigure
      title="Time logged per person"
      xLabel="Week (starting Monday)"
      yLabel="Hours"
      options={options}
      data={data}
      table={table}
      file={['time-people', projectKey, range.from, range.to]}
      empty={report.people.length === 0 ? 'Nobody logged time on this project in this range.' : null}
    />
  );
}

function TasksFigure({ report, projectKey, range }: { report: Report; projectKey: string; range: DayRange }) {
  const keys = report.tasks.map((t) => t.key);
  const keysKey = keys.join();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `keysKey` stands for `keys`.
  const options = useMemo(() => {
    const x = categoryX('Task', keys);
    return {
      scales: { x: x.scale, y: fromZero },
      axes: [x.axis, yAxis()],
      series: [x.series, bar('Original estimate', colorAt(7), -1), bar('Time spent', colorAt(2), 1)],
    };
  }, [keysKey]);
  const data = useMemo<uPlot.AlignedData>(
    () => [
      indexes(report.tasks.length),
      report.tasks.map((t) => hours(t.originalEstimateSeconds)),
      report.tasks.map((t) => hours(t.timeSpentSeconds)),
    ],
    [report],
  );
  const table: ReportTable = {
    caption: `Time per task: logged from ${range.from} to ${range.to}, spent in all, and the original estimate`,
    columns: [
      { label: 'Task', csv: 'task' },
      { label: 'Title', csv: 'title' },
      { label: 'Logged in range', csv: 'logged (seconds)' },
      { label: 'Time spent', csv: 'time spent (seconds)' },
      { label: 'Original estimate', csv: 'original estimate (seconds)' },
    ],
    rows: report.tasks.map((t) => [
      textCell(t.key),
      textCell(t.title),
      durationCell(t.loggedSeconds),
      durationCell(t.timeSpentSeconds),
      durationCell(t.originalEstimateSeconds),
    ]),
  };
  return (
    <ReportFigure
      title="Estimate vs time spent per task"
      xLabel="Task"
      yLabel="Hours"
      options={options}
      data={data}
      table={table}
      file={['time-tasks', projectKey, range.from, range.to]}
      empty={report.tasks.length === 0 ? 'No time was logged on this project in this range.' : null}
    />
  );
}
