/**
 * One report's chart with everything around it: a heading, the chart with its axis titles and
 * legend, the data table and the CSV download.
 */
import { useId } from 'react';
import type uPlot from 'uplot';
import { csvFileName, downloadCsv } from './csv.ts';
import { DataTable } from './data-table.tsx';
import { type ReportTable, tableCsv } from './report-table.ts';
import { type ChartOptions, UPlotChart } from './u-plot-chart.tsx';

type Props = {
  title: string;
  xLabel: string;
  yLabel: string;
  options: ChartOptions;
  data: uPlot.AlignedData;
  table: ReportTable;
  /** The file name's parts: `['burndown', 'Sprint 1']` → `burndown-sprint-1.csv`. */
  file: string[];
  /** Said instead of the chart when the report has nothing to draw. */
  empty?: string | null;
};

export function ReportFigure({ title, xLabel, yLabel, options, data, table, file, empty }: Props) {
  const id = useId();
  return (
    <section className="report-figure" aria-labelledby={id}>
      <div className="report-figure-head">
        <h2 id={id}>{title}</h2>
        <button type="button" onClick={() => downloadCsv(csvFileName(...file), tableCsv(table))}>
          Download CSV
        </button>
      </div>
      {empty ? (
        <p className="empty">{empty}</p>
      ) : (
        <UPlotChart options={options} data={data} xLabel={xLabel} yLabel={yLabel} />
      )}
      <DataTable table={table} />
    </section>
  );
}
