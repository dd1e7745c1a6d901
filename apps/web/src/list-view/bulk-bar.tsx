/**
 * What to do with the selected tasks. Each action is a choice and a button: a select that applied
 * on change would apply once per arrow key in a closed select (Chrome changes the value as you
 * step), leaving a trail of bulk edits and undo steps.
 */
import { type BoardColumn, type BulkAction, PRIORITIES, type Priority } from '@taskflow/model';
import { type FormEvent, useId, useState } from 'react';

type Props = {
  count: number;
  columns: readonly BoardColumn[];
  people: Readonly<Record<string, string>>;
  /** Labels in use in the project, offered as suggestions. */
  labels: readonly string[];
  onApply: (action: BulkAction, what: string) => void;
  onClear: () => void;
};

const NOBODY = '\u0000unassigned';

export function BulkBar({ count, columns, people, labels, onApply, onClear }: Props) {
  const [column, setColumn] = useState(columns[0]?.id ?? '');
  const [assignee, setAssignee] = useState(NOBODY);
  const [priority, setPriority] = useState<Priority>('high');
  const [label, setLabel] = useState('');
  const labelList = useId();
  const columnId = columns.some((c) => c.id === column) ? column : (columns[0]?.id ?? '');

  const submit = (make: () => [BulkAction, string] | null) => (e: FormEvent) => {
    e.preventDefault();
    const made = make();
    if (made) onApply(...made);
  };
  const labelAction = (kind: 'add-label' | 'remove-label') => {
    const name = label.trim();
    if (!name) return;
    onApply(
      { kind, label: name },
      kind === 'add-label' ? `Label “${name}” added` : `Label “${name}” removed`,
    );
  };

  return (
    <section className="bulk-bar" aria-label="Bulk actions">
      <strong className="bulk-count">{count === 1 ? '1 task selected' : `${count} tasks selected`}</strong>
      <form onSubmit={submit(() => [{ kind: 'move', columnId }, 'Moved'])}>
        <label className="inline-field">
          <span>Column</span>
          <select value={columnId} onChange={(e) => setColumn(e.target.value)}>
            {columns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Move</button>
      </form>
      <form
        onSubmit={submit(() => [
          { kind: 'assign', assignee: assignee === NOBODY ? null : assignee },
          assignee === NOBODY ? 'Unassigned' : 'Assigned',
        ])}
      >
        <label className="inline-field">
          <span>Assignee</span>
          <select value={assignee} onChange={(e) => setAssignee(e.target.value)}>
            <option value={NOBODY}>Unassigned</option>
            {Object.entries(people)
              .sort(([, a], [, b]) => a.localeCompare(b))
              .map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
          </select>
        </label>
        <button type="submit">Assign</button>
      </form>
      <form onSubmit={submit(() => [{ kind: 'priority', priority }, 'Priority set'])}>
        <label className="inline-field">
          <span>Priority</span>
          <select value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {p[0]?.toUpperCase()}
                {p.slice(1)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Set priority</button>
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          labelAction('add-label');
        }}
      >
        <label className="inline-field">
          <span>Label</span>
          <input
            list={labelList}
            value={label}
            maxLength={40}
            onChange={(e) => setLabel(e.target.value)}
            placeholder="e.g. urgent"
          />
        </label>
        <datalist id={labelList}>
          {labels.map((l) => (
            <option key={l} value={l} />
          ))}
        </datalist>
        <button type="submit" disabled={!label.trim()}>
          Add label
        </button>
        <button type="button" disabled={!label.trim()} onClick={() => labelAction('remove-label')}>
          Remove label
        </button>
      </form>
      <button type="button" className="danger" onClick={() => onApply({ kind: 'archive' }, 'Archived')}>
        Archive
      </button>
      <button type="button" onClick={onClear}>
        Clear selection
      </button>
    </section>
  );
}
