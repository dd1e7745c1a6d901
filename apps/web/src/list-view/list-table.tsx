/**
 * The table itself: a real <table> (headers, aria-sort, a labelled checkbox per row), virtualized
 * with @tanstack/react-virtual so the DOM holds only the rows on screen (plus a few) at 10,000
 * tasks. Spacer rows above and below keep the scroll height; `aria-rowcount` and `aria-rowindex`
 * tell assistive technology where a row sits among all of them.
 *
 * Keyboard: a row is one tab stop (roving); ↑/↓ move between rows, Enter opens the task, X
 * selects it, and the cells' own controls are reached with Tab.
 */

import { useVirtualizer } from '@tanstack/react-virtual';
import type { BoardColumn } from '@taskflow/model';
import { type KeyboardEvent, type MouseEvent, useEffect, useRef, useState } from 'react';
import { useWorkspace } from '../workspace-context.ts';
import { ListRowView } from './list-row.tsx';
import { type ListRow, nextSort, type Sort, type SortKey } from './list-rows.ts';
import { headerState, type Selection, toggleAll, toggleOne, toggleRange } from './selection.ts';

export const ROW_HEIGHT = 40;

const HEADERS: readonly { key: SortKey; label: string }[] = [
  { key: 'key', label: 'Key' },
  { key: 'title', label: 'Title' },
  { key: 'status', label: 'Status' },
  { key: 'assignee', label: 'Assignee' },
  { key: 'priority', label: 'Priority' },
  { key: 'labels', label: 'Labels' },
  { key: 'due', label: 'Due' },
  { key: 'estimate', label: 'Estimate' },
  { key: 'updated', label: 'Updated' },
];

type Props = {
  rows: readonly ListRow[];
  columns: readonly BoardColumn[];
  sort: Sort;
  onSort: (sort: Sort) => void;
  selection: Selection;
  onSelect: (selection: Selection) => void;
  onOpen: (taskId: string) => void;
};

export function ListTable({ rows, columns, sort, onSort, selection, onSelect, onOpen }: Props) {
  const { readOnly } = useWorkspace();
  const scrollRef = useRef<HTMLDivElement>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const [focused, setFocused] = useState<string | null>(null);
  /** Set by ↑/↓: the row to focus once the virtualizer has rendered it. */
  const focusNext = useRef<string | null>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (i) => rows[i]?.task.id ?? i,
  });
  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  const order = rows.map((r) => r.task.id);
  const tabStop = focused !== null && order.includes(focused) ? focused : (order[0] ?? null);
  const span = HEADERS.length + (readOnly ? 0 : 1);
  const header = headerState(selection, order);

  useEffect(() => {
    const id = focusNext.current;
    if (id === null) return;
    const row = tableRef.current?.querySelector<HTMLElement>(`tr[data-task-id="${CSS.escape(id)}"]`);
    if (row) {
      focusNext.current = null;
      row.focus();
    }
  });

  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, id: string) => {
    // Keys typed into a cell's input or select belong to it.
    if (event.target !== event.currentTarget || event.altKey || event.ctrlKey || event.metaKey) return;
    const index = order.indexOf(id);
    const step = (to: number) => {
      const next = order[Math.max(0, Math.min(order.length - 1, to))];
      if (next === undefined) return;
      event.preventDefault();
      setFocused(next);
      focusNext.current = next;
      virtualizer.scrollToIndex(order.indexOf(next));
    };
    if (event.key === 'ArrowDown') step(index + 1);
    else if (event.key === 'ArrowUp') step(index - 1);
    else if (event.key === 'Home') step(0);
    else if (event.key === 'End') step(order.length - 1);
    else if (event.key === 'Enter') {
      event.preventDefault();
      onOpen(id);
    } else if ((event.key === 'x' || event.key === 'X') && !readOnly) {
      event.preventDefault();
      onSelect(event.shiftKey ? toggleRange(selection, id, order) : toggleOne(selection, id));
    }
  };

  const onRowClick = (event: MouseEvent<HTMLTableRowElement>, id: string) => {
    // A click on a cell's control edits; anywhere else on the row opens the task.
    const target = event.target as HTMLElement;
    if (target.closest('input, select, button, a, label, textarea')) return;
    onOpen(id);
  };

  return (
    <div className="list-scroll" ref={scrollRef}>
      <table className="list-table" ref={tableRef} aria-label="Tasks" aria-rowcount={rows.length + 1}>
        <thead>
          <tr aria-rowindex={1}>
            {!readOnly && (
              <th scope="col" className="list-check">
                <input
                  type="checkbox"
                  aria-label="Select all shown tasks"
                  checked={header === 'all'}
                  ref={(el) => {
                    if (el) el.indeterminate = header === 'some';
                  }}
                  disabled={rows.length === 0}
                  onChange={() => onSelect(toggleAll(selection, order))}
                />
              </th>
            )}
            {HEADERS.map((h) => (
              <th
                key={h.key}
                scope="col"
                className={`list-col-${h.key}`}
                aria-sort={sort?.key === h.key ? sort.direction : 'none'}
              >
                <button type="button" className="list-sort" onClick={() => onSort(nextSort(sort, h.key))}>
                  {h.label}
                  <span aria-hidden="true" className="list-sort-mark">
                    {sort?.key === h.key ? (sort.direction === 'ascending' ? '▲' : '▼') : ''}
                  </span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {before > 0 && (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row holds nothing focusable (Biome counts every tr in a table with a focusable row)
            <tr aria-hidden="true" className="list-spacer" style={{ height: before }}>
              <td colSpan={span} />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            const id = row.task.id;
            return (
              <ListRowView
                key={id}
                row={row}
                rowIndex={item.index + 2}
                columns={columns}
                selected={selection.ids.has(id)}
                tabbable={id === tabStop}
                onToggle={(shift) =>
                  onSelect(shift ? toggleRange(selection, id, order) : toggleOne(selection, id))
                }
                onKeyDown={(e) => onRowKey(e, id)}
                onClick={(e) => onRowClick(e, id)}
                onFocus={() => setFocused(id)}
                onOpen={() => onOpen(id)}
              />
            );
          })}
          {after > 0 && (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row holds nothing focusable (Biome counts every tr in a table with a focusable row)
            <tr aria-hidden="true" className="list-spacer" style={{ height: after }}>
              <td colSpan={span} />
            </tr>
          )}
        </tbody>
      </table>
      {rows.length === 0 && <p className="empty">No tasks to list.</p>}
    </div>
  );
}
