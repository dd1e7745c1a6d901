/**
 * A list table (members, failed emails): a heading per column, then a last column of row actions
 * whose heading only screen readers hear.
 */
import type { ReactNode } from 'react';

export function ActionTable({ headings, children }: { headings: readonly string[]; children: ReactNode }) {
  return (
    <table className="members-table">
      <thead>
        <tr>
          {headings.map((heading) => (
            <th key={heading} scope="col">
              {heading}
            </th>
          ))}
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
