/**
 * Cumulative flow: the project's tasks per column at the end of each day, stacked in board order
 * (the done column at the bottom), archived columns included for the days they existed.
 */
import { useMemo } from 'react';
import type uPlot from 'uplot';
import { useWorkspace } from '../workspace-context.ts';
import { stackCfd } from './cfd-stack.ts';
import { categoryX, colorAt, fromZero, indexes, monthDay, yAxis } from './chart-options.ts';
import { ReportFigure } from './report-figure.tsx';
import { ReportStatus } from './report-status.tsx';
import { numberCell, type ReportTable, textCell } from './report-table.ts';
import { type Cfd, cfdSchema, type DayRange, reportPaths } from './reports-api.ts';
import { useReport } from './use-report.ts';

type Props = { projectId: string; projectKey: string; range: DayRange };

export function CfdReport({ projectId, projectKey, range }: Props) {
  const { workspace, actorId } = useWorkspace();
  const [state, retry] = useReport(actorId, reportPaths.cfd(workspace.name, projectId, range), cfdSchema);
  return (
    <ReportStatus state={state} retry={retry}>
      {(body) => <CfdFigure report={body} projectKey={projectKey} range={range} />}
    </ReportStatus>
  );
}

function columnName(c: Cfd['columns'][number]): string {
  return c.archived ? `${c.name} (archived)` : c.name;
}

function CfdFigure({ report, projectKey, range }: { report: Cfd; projectKey: string; range: DayRange }) {
  const bands = useMemo(
    () =>
      stackCfd(
        report.columns.map((c) => c.id),
        report.days,
      ),
    [report],
  );
  const dates = report.days.map((d) => d.date);
  const shapeKey = JSON.stringify([dates, report.columns]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `shapeKey` stands for the days and columns; `bands` changes with them.
  const options = useMemo(() => {
    const x = categoryX('Day', dates, monthDay);
    return {
      scales: { x: x.scale, y: fromZero },
      axes: [x.axis, yAxis()],
      series: [
        x.series,
        ...report.columns.map(
          (c, i): uPlot.Series => ({
            label: columnName(c),
            stroke: colorAt(i),
            // Opaque, drawn top band first: each later band covers the lower part of the one before.
            fill: colorAt(i),
            width: 1,
            points: { show: false },
            // The legend says the column's own count, not the height of its band.
            value: (_u, _v, _s, idx) => (idx === null ? '--' : String(bands.counts[i]?.[idx] ?? '--')),
          }),
        ),
      ],
    };
  }, [shapeKey, bands]);
  const data = useMemo<uPlot.AlignedData>(
    () => [indexes(report.days.length), ...bands.tops],
    [report, bands],
  );
  const table: ReportTable = {
    caption: `Tasks per column at the end of each day, ${range.from} to ${range.to} (a dash: the column did not exist that day)`,
    columns: [
      { label: 'Day', csv: 'date' },
      ...report.columns.map((c) => ({ label: columnName(c), csv: columnName(c), key: c.id })),
    ],
    rows: report.days.map((d, day) => [
      textCell(d.date),
      ...report.columns.map((_c, i) => numberCell(bands.counts[i]?.[day] ?? null)),
    ]),
  };
  return (
    <ReportFigure
      title="Cumulative flow"
      xLabel="Day"
      yLabel="Tasks"
      options={options}
      data={data}
      table={table}
      file={['cfd', projectKey, range.from, range.to]}
    />
  );
}
