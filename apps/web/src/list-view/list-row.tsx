/**
 * One task's row. Edits save themselves (no Save button): the title on Enter or when focus leaves
 * (Esc puts it back), status, assignee and priority as soon as they are chosen, each one model
 * operation and so one undo step. Viewers see plain text.
 */
import {
  type BoardColumn,
  bulkUpdateTasks,
  PRIORITIES,
  type Priority,
  type Task,
  updateTask,
} from '@taskflow/model';
import { type KeyboardEvent, type MouseEvent, useRef, useState } from 'react';
import { attempt } from '../hooks/use-error-banner.ts';
import { PROVISIONAL_KEY_TITLE } from '../planning/task-key.tsx';
import { useWorkspace } from '../workspace-context.ts';
import type { ListRow } from './list-rows.ts';

type Props = {
  row: ListRow;
  /** Among all rows, the header being 1 (aria-rowindex). */
  rowIndex: number;
  columns: readonly BoardColumn[];
  selected: boolean;
  tabbable: boolean;
  onToggle: (shift: boolean) => void;
  onKeyDown: (event: KeyboardEvent<HTMLTableRowElement>) => void;
  onClick: (event: MouseEvent<HTMLTableRowElement>) => void;
  onFocus: () => void;
  onOpen: () => void;
};

const NOBODY = '\u0000unassigned';

function capital(p: string): string {
  return `${p[0]?.toUpperCase() ?? ''}${p.slice(1)}`;
}

export function ListRowView({
  row,
  rowIndex,
  columns,
  selected,
  tabbable,
  onToggle,
  onKeyDown,
  onClick,
  onFocus,
  onOpen,
}: Props) {
  const { workspace, editor, people, readOnly } = useWorkspace();
  const { task } = row;
  const doc = workspace.doc;
  const edit = (patch: Parameters<typeof updateTask>[3]) =>
    attempt(() => updateTask(doc, editor, task.id, patch));

  return (
    <tr
      data-task-id={task.id}
      aria-rowindex={rowIndex}
      className={selected ? 'selected' : undefined}
      tabIndex={tabbable ? 0 : -1}
      onKeyDown={onKeyDown}
      onClick={onClick}
      onFocus={onFocus}
    >
      {!readOnly && (
        <td className="list-check">
          <input
            type="checkbox"
            aria-label={`Select ${row.key}`}
            checked={selected}
            onChange={(e) => onToggle('shiftKey' in e.nativeEvent && Boolean(e.nativeEvent.shiftKey))}
          />
        </td>
      )}
      <td className="list-col-key">
        <button
          type="button"
          className={`link list-key task-key${row.keyFinal ? '' : ' provisional'}`}
          title={row.keyFinal ? undefined : PROVISIONAL_KEY_TITLE}
          aria-label={`Open ${row.key}`}
          tabIndex={-1}
          onClick={onOpen}
        >
          {row.key}
        </button>
      </td>
      <td className="list-col-title">
        {readOnly ? (
          <span className="list-text">{task.title}</span>
        ) : (
          <TitleCell task={task} label={row.key} />
        )}
      </td>
      <td className="list-col-status">
        {readOnly ? (
          row.columnName
        ) : (
          <select
            aria-label={`Status of ${row.key}`}
            value={task.columnId}
            onChange={(e) =>
              attempt(() =>
                bulkUpdateTasks(doc, editor, [task.id], { kind: 'move', columnId: e.target.value }),
              )
            }
          >
            {columns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </td>
      <td className="list-col-assignee">
        {readOnly ? (
          row.assigneeName
        ) : (
          <select
            aria-label={`Assignee of ${row.key}`}
            value={task.assignee ?? NOBODY}
            onChange={(e) => edit({ assignee: e.target.value === NOBODY ? null : e.target.value })}
          >
            <option value={NOBODY}>Unassigned</option>
            {task.assignee !== null && !(task.assignee in people) && (
              <option value={task.assignee}>{row.assigneeName}</option>
            )}
            {Object.entries(people).map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        )}
      </td>
      <td className={`list-col-priority priority-${task.priority}`}>
        {readOnly ? (
          capital(task.priority)
        ) : (
          <select
            aria-label={`Priority of ${row.key}`}
            value={task.priority}
            onChange={(e) => edit({ priority: e.target.value as Priority })}
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {capital(p)}
              </option>
            ))}
          </select>
        )}
      </td>
      <td className="list-col-labels">
        {task.labels.map((l) => (
          <span key={l} className="label">
            {l}
          </span>
        ))}
      </td>
      <td className="list-col-due">{task.deadline ?? ''}</td>
      <td className="list-col-estimate">{task.estimate ?? ''}</td>
      <td className="list-col-updated">
        <time dateTime={task.updatedAt} title={new Date(task.updatedAt).toLocaleString()}>
          {new Date(task.updatedAt).toLocaleDateString()}
        </time>
      </td>
    </tr>
  );
}

/** The title, editable in place: Enter or leaving the field saves, Esc puts the saved title back. */
function TitleCell({ task, label }: { task: Task; label: string }) {
  const { workspace, editor } = useWorkspace();
  const [draft, setDraft] = useState<string | null>(null);
  /** Esc blurs the field; the blur that follows must not save what Esc threw away. */
  const cancelled = useRef(false);

  const save = () => {
    if (cancelled.current) {
      cancelled.current = false;
      return;
    }
    const title = draft?.trim();
    setDraft(null);
    if (title === undefined || title === '' || title === task.title) return;
    attempt(() => updateTask(workspace.doc, editor, task.id, { title }));
  };

  return (
    <input
      className="list-title-input"
      aria-label={`Title of ${label}`}
      value={draft ?? task.title}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={save}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          e.currentTarget.blur();
        } else if (e.key === 'Escape') {
          e.preventDefault();
          // The task panel and dialogs also listen for Escape; here it only cancels the edit.
          e.stopPropagation();
          cancelled.current = true;
          setDraft(null);
          e.currentTarget.blur();
        }
      }}
    />
  );
}
