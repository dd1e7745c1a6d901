/**
 * Sprint burndown: the work left at the end of each day of the sprint, the ideal line from its
 * committed work, and the scope added (or removed) each day marked where it happened.
 */
import type { Sprint } from '@taskflow/model';
import { useMemo, useState } from 'react';
import { useWorkspace } from '../workspace-context.ts';
import { categoryX, colorAt, indexes, line, marks, monthDay, yAxis } from './chart-options.ts';
import { ReportFigure } from './report-figure.tsx';
import { ReportStatus } from './report-status.tsx';
import { numberCell, type ReportTable, textCell } from './report-table.ts';
import { type Burndown, burndownSchema, reportPaths } from './reports-api.ts';
import { unitLabel } from './units.ts';
import { useReport } from './use-report.ts';

/** The sprint shown first: the active one, else the last completed. */
function defaultSprint(sprints: readonly Sprint[]): string | null {
  const active = sprints.find((s) => s.state === 'active');
  if (active) return active.id;
  const closed = sprints
    .filter((s) => s.state === 'closed')
    .sort((a, b) => (a.completion?.at ?? '').localeCompare(b.completion?.at ?? ''));
  return closed.at(-1)?.id ?? null;
}

export function BurndownReport({ sprints: all }: { sprints: readonly Sprint[] }) {
  const { workspace, actorId } = useWorkspace();
  // Only a started sprint has a burndown (the server answers 409 for a planned one).
  const sprints = all.filter((s) => s.state === 'active' || s.state === 'closed');
  const [chosen, choose] = useState<string | null>(null);
  const sprintId = sprints.some((s) => s.id === chosen) ? chosen : defaultSprint(sprints);
  const path = sprintId ? reportPaths.burndown(workspace.name, sprintId) : null;
  const [state, retry] = useReport(actorId, path, burndownSchema);

  if (sprints.length === 0) {
    return (
      <p className="empty">
        No sprint of this project has started yet: a burndown begins with a sprint's start.
      </p>
    );
  }
  return (
    <>
      <label className="inline-field report-control">
        <span>Sprint</span>
        <select value={sprintId ?? ''} onChange={(e) => choose(e.target.value)}>
          {sprints.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.state})
            </option>
          ))}
        </select>
      </label>
      <ReportStatus state={state} retry={retry}>
        {(body) => <BurndownFigure key={body.sprint.id} report={body} />}
      </ReportStatus>
    </>
  );
}

function BurndownFigure({ report }: { report: Burndown }) {
  const unit = unitLabel(report.unit);
  const dates = report.days.map((d) => d.date);
  const datesKey = dates.join();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `datesKey` stands for `dates`.
  const options = useMemo(() => {
    const x = categoryX('Day', dates, monthDay);
    return {
      scales: { x: x.scale },
      axes: [x.axis, yAxis()],
      series: [
        x.series,
        line('Remaining', colorAt(0)),
        line('Ideal', colorAt(7), { dash: [6, 4], points: { show: false } }),
        marks('Scope change', colorAt(3), 9),
      ],
    };
  }, [datesKey]);
  const data = useMemo(
    () =>
      [
        indexes(report.days.length),
        report.days.map((d) => d.remaining),
        report.days.map((d) => d.ideal),
        // Only the days whose scope changed get a mark.
        report.days.map((d) => (d.scopeChange === 0 ? null : d.scopeChange)),
      ] as [number[], ...(number | null)[][]],
    [report],
  );
  const table: ReportTable = {
    caption: `Burndown of ${report.sprint.name} in ${unit.toLowerCase()} (committed at its start: ${report.committed})`,
    columns: [
      { label: 'Day', csv: 'date' },
      { label: `Remaining (${unit.toLowerCase()})`, csv: 'remaining' },
      { label: 'Ideal', csv: 'ideal' },
      { label: 'Scope change', csv: 'scope_change' },
    ],
    rows: report.days.map((d) => [
      textCell(d.date),
      numberCell(d.remaining),
      numberCell(d.ideal),
      numberCell(d.scopeChange),
    ]),
  };
  return (
    <ReportFigure
      title={`Burndown: ${report.sprint.name}`}
      xLabel="Day of the sprint"
      yLabel={unit}
      options={options}
      data={data}
      table={table}
      file={['burndown', report.sprint.name]}
    />
  );
}
