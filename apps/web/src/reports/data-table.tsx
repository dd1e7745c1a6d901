/** The accessible twin of a chart: every number of the report in a real table, row headers first. */
import type { ReportTable } from './report-table.ts';

export function DataTable({ table }: { table: ReportTable }) {
  // Words read from the left, numbers line up on the right; a column is words when its values are.
  const textColumn = (i: number) => typeof table.rows[0]?.[i]?.value === 'string';
  const columnKey = (i: number) => {
    const c = table.columns[i];
    return c ? (c.key ?? c.csv) : String(i);
  };
  return (
    // A long or wide table scrolls in its box; browsers let the keyboard scroll such a box.
    <div className="report-table">
      <table>
        <caption>{table.caption}</caption>
        <thead>
          <tr>
            {table.columns.map((c, i) => (
              <th key={c.key ?? c.csv} scope="col" className={textColumn(i) ? 'text' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            // Rows have no id of their own in every report (a day, a week); their order is fixed.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above.
            <tr key={r}>
              {row.map((cell, i) =>
                i === 0 ? (
                  <th key={columnKey(i)} scope="row" data-value={cell.value ?? ''}>
                    {cell.text}
                  </th>
                ) : (
                  <td
                    key={columnKey(i)}
                    data-value={cell.value ?? ''}
                    className={textColumn(i) ? 'text' : undefined}
                  >
                    {cell.text}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
