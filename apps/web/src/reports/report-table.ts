/**
 * A report's numbers as a table: what the page shows beside the chart, what a screen reader
 * reads instead of the canvas, and what the CSV holds. A cell keeps the server's value next to
 * the text shown for it (a duration reads "1h 30m", its value stays 5400 seconds), so the CSV
 * and the `data-value` of each cell carry the report's exact numbers.
 */
import { toCsv } from './csv.ts';

export type Cell = { text: string; value: number | string | null };

/**
 * `csv`: the column's name in the file (plain words, the unit spelled out); `key`: unique among
 * the columns when `csv` may not be (two board columns may share a name).
 */
export type Column = { label: string; csv: string; key?: string };

export type ReportTable = { caption: string; columns: Column[]; rows: Cell[][] };

/** A number shown as the server sent it; null (no value that day) reads as a dash. */
export function numberCell(value: number | null): Cell {
  return { text: value === null ? '—' : String(value), value };
}

export function textCell(text: string): Cell {
  return { text, value: text };
}

export function tableCsv(table: ReportTable): string {
  return toCsv(
    table.columns.map((c) => c.csv),
    table.rows.map((row) => row.map((c) => c.value)),
  );
}
