/**
 * Cycle time: each task finished in the range, plotted at the moment it reached the done column
 * against the days it took from its first move out of the first column, with the median and the
 * 85th percentile as lines (what most tasks take, and what to promise).
 */
import { useMemo } from 'react';
import type uPlot from 'uplot';
import { useWorkspace } from '../workspace-context.ts';
import { colorAt, fromZero, line, marks, yAxis } from './chart-options.ts';
import { ReportFigure } from './report-figure.tsx';
import { ReportStatus } from './report-status.tsx';
import { numberCell, type ReportTable, textCell } from './report-table.ts';
import { type CycleTime, cycleTimeSchema, type DayRange, reportPaths } from './reports-api.ts';
import { useReport } from './use-report.ts';

type Props = { projectId: string; projectKey: string; range: DayRange };

export function CycleTimeReport({ projectId, projectKey, range }: Props) {
  const { workspace, actorId } = useWorkspace();
  const [state, retry] = useReport(
    actorId,
    reportPaths.cycleTime(workspace.name, projectId, range),
    cycleTimeSchema,
  );
  return (
    <ReportStatus state={state} retry={retry}>
      {(body) => <CycleTimeFigure report={body} projectKey={projectKey} range={range} />}
    </ReportStatus>
  );
}

/** uPlot's time axis counts seconds. */
function seconds(instant: string | number): number {
  return new Date(instant).getTime() / 1000;
}

function instantCell(instant: string | number) {
  return { text: new Date(instant).toLocaleString(), value: instant };
}

/** Local midnight of a `YYYY-MM-DD`, in seconds; the chart's x axis spans the chosen range. */
function daySeconds(day: string, plusDays = 0): number {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).getTime() / 1000;
}

function CycleTimeFigure({
  report,
  projectKey,
  range,
}: {
  report: CycleTime;
  projectKey: string;
  range: DayRange;
}) {
  const options = useMemo(
    () => ({
      scales: { x: { time: true }, y: fromZero },
      axes: [{ stroke: '#5d6679', grid: { stroke: '#ebeef5' } }, yAxis()],
      series: [
        { label: 'Done at' },
        marks('Task', colorAt(0), 9),
        line('Median', colorAt(1), { points: { show: false } }),
        line('85th percentile', colorAt(2), { dash: [6, 4], points: { show: false } }),
      ],
    }),
    [],
  );
  const data = useMemo<uPlot.AlignedData>(() => {
    // uPlot wants x ascending; the table keeps the server's order. The range's two ends, with no
    // task, stretch the axis over the whole range and the median lines across it.
    const sorted = [...report.tasks].sort((a, b) => seconds(a.doneAt) - seconds(b.doneAt));
    const xs = sorted.map((t) => seconds(t.doneAt));
    const first = Math.min(daySeconds(range.from), xs[0] ?? Number.POSITIVE_INFINITY);
    const last = Math.max(daySeconds(range.to, 1), xs.at(-1) ?? Number.NEGATIVE_INFINITY);
    const level = (value: number | null) => [value, ...sorted.map(() => value), value];
    return [
      [first, ...xs, last],
      [null, ...sorted.map((t) => t.days), null],
      level(report.medianDays),
      level(report.p85Days),
    ];
  }, [report, range]);
  const summary =
    report.medianDays === null
      ? 'no task finished'
      : `median ${report.medianDays} days, 85th percentile ${report.p85Days} days`;
  const table: ReportTable = {
    caption: `Cycle time of the tasks finished from ${range.from} to ${range.to}: ${summary}`,
    columns: [
      { label: 'Task', csv: 'task' },
      { label: 'Title', csv: 'title' },
      { label: 'Started', csv: 'started_at' },
      { label: 'Done', csv: 'done_at' },
      { label: 'Days', csv: 'days' },
    ],
    rows: report.tasks.map((t) => [
      textCell(t.key),
      textCell(t.title),
      instantCell(t.startedAt),
      instantCell(t.doneAt),
      numberCell(t.days),
    ]),
  };
  return (
    <ReportFigure
      title="Cycle time"
      xLabel="Reached the done column"
      yLabel="Days"
      options={options}
      data={data}
      table={table}
      file={['cycle-time', projectKey, range.from, range.to]}
      empty={report.tasks.length === 0 ? 'No task reached the done column in this range.' : null}
    />
  );
}
