/** Created vs resolved: tasks created in the project each week against arrivals in its done column. */
import { useMemo } from 'react';
import type uPlot from 'uplot';
import { useWorkspace } from '../workspace-context.ts';
import { bar, categoryX, colorAt, fromZero, indexes, yAxis } from './chart-options.ts';
import { ReportFigure } from './report-figure.tsx';
import { ReportStatus } from './report-status.tsx';
import { numberCell, type ReportTable, textCell } from './report-table.ts';
import { type CreatedResolved, createdResolvedSchema, type DayRange, reportPaths } from './reports-api.ts';
import { useReport } from './use-report.ts';

type Props = { projectId: string; projectKey: string; range: DayRange };

export function CreatedResolvedReport({ projectId, projectKey, range }: Props) {
  const { workspace, actorId } = useWorkspace();
  const [state, retry] = useReport(
    actorId,
    reportPaths.createdResolved(workspace.name, projectId, range),
    createdResolvedSchema,
  );
  return (
    <ReportStatus state={state} retry={retry}>
      {(body) => <CreatedResolvedFigure report={body} projectKey={projectKey} range={range} />}
    </ReportStatus>
  );
}

function CreatedResolvedFigure({
  report,
  projectKey,
  range,
}: {
  report: CreatedResolved;
  projectKey: string;
  range: DayRange;
}) {
  const weeks = report.weeks.map((w) => w.week);
  const weeksKey = weeks.join();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `weeksKey` stands for `weeks`.
  const options = useMemo(() => {
    const x = categoryX('Week of', weeks);
    return {
      scales: { x: x.scale, y: fromZero },
      axes: [x.axis, yAxis()],
      series: [x.series, bar('Created', colorAt(0), -1), bar('Resolved', colorAt(1), 1)],
    };
  }, [weeksKey]);
  const data = useMemo<uPlot.AlignedData>(
    () => [
      indexes(report.weeks.length),
      report.weeks.map((w) => w.created),
      report.weeks.map((w) => w.resolved),
    ],
    [report],
  );
  const table: ReportTable = {
    caption: `Tasks created and resolved per week (weeks start on Monday), ${range.from} to ${range.to}`,
    columns: [
      { label: 'Week of', csv: 'week' },
      { label: 'Created', csv: 'created' },
      { label: 'Resolved', csv: 'resolved' },
    ],
    rows: report.weeks.map((w) => [textCell(w.week), numberCell(w.created), numberCell(w.resolved)]),
  };
  return (
    <ReportFigure
      title="Created vs resolved"
      xLabel="Week (starting Monday)"
      yLabel="Tasks"
      options={options}
      data={data}
      table={table}
      file={['created-resolved', projectKey, range.from, range.to]}
    />
  );
}
