/** Velocity: the last closed sprints, oldest first, what each committed at its start against what it completed. */
import { useMemo } from 'react';
import type uPlot from 'uplot';
import { useWorkspace } from '../workspace-context.ts';
import { bar, categoryX, colorAt, fromZero, indexes, yAxis } from './chart-options.ts';
import { ReportFigure } from './report-figure.tsx';
import { ReportStatus } from './report-status.tsx';
import { numberCell, type ReportTable, textCell } from './report-table.ts';
import { reportPaths, type Velocity, velocitySchema } from './reports-api.ts';
import { unitLabel } from './units.ts';
import { useReport } from './use-report.ts';

/** Jira's default, and the REST route's. */
const SPRINTS = 7;

export function VelocityReport({ projectId, projectKey }: { projectId: string; projectKey: string }) {
  const { workspace, actorId } = useWorkspace();
  const [state, retry] = useReport(
    actorId,
    reportPaths.velocity(workspace.name, projectId, SPRINTS),
    velocitySchema,
  );
  return (
    <ReportStatus state={state} retry={retry}>
      {(body) => <VelocityFigure report={body} projectKey={projectKey} />}
    </ReportStatus>
  );
}

function VelocityFigure({ report, projectKey }: { report: Velocity; projectKey: string }) {
  const unit = unitLabel(report.unit);
  const names = report.sprints.map((s) => s.name);
  const namesKey = JSON.stringify(names);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `namesKey` stands for `names`.
  const options = useMemo(() => {
    const x = categoryX('Sprint', names);
    return {
      scales: { x: x.scale, y: fromZero },
      axes: [x.axis, yAxis()],
      series: [x.series, bar('Committed', colorAt(7), -1), bar('Completed', colorAt(1), 1)],
    };
  }, [namesKey]);
  const data = useMemo<uPlot.AlignedData>(
    () => [
      indexes(report.sprints.length),
      report.sprints.map((s) => s.committed),
      report.sprints.map((s) => s.completed),
    ],
    [report],
  );
  const table: ReportTable = {
    caption: `Velocity of the last ${report.sprints.length} completed sprints in ${unit.toLowerCase()}, oldest first`,
    columns: [
      { label: 'Sprint', csv: 'sprint' },
      { label: 'Committed', csv: 'committed' },
      { label: 'Completed', csv: 'completed' },
    ],
    rows: report.sprints.map((s) => [textCell(s.name), numberCell(s.committed), numberCell(s.completed)]),
  };
  return (
    <ReportFigure
      title="Velocity"
      xLabel="Sprint"
      yLabel={unit}
      options={options}
      data={data}
      table={table}
      file={['velocity', projectKey]}
      empty={report.sprints.length === 0 ? 'No sprint of this project has been completed yet.' : null}
    />
  );
}
