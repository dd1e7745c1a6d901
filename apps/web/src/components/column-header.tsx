/** A column's name and task count, with rename, move and archive for those who may edit. */
import { archiveColumn, type BoardColumn, moveColumn, readColumns, renameColumn } from '@taskflow/model';
import { type FormEvent, useState } from 'react';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { attempt } from '../hooks/use-error-banner.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { useWorkspace } from '../workspace-context.ts';

type Props = { column: BoardColumn; index: number; columnCount: number };

/** The two buttons that move a column one place, left then right. */
const MOVES = [
  { side: 'left', step: -1, arrow: '←' },
  { side: 'right', step: 1, arrow: '→' },
] as const;

export function ColumnHeader({ column, index, columnCount }: Props) {
  const { workspace, editor, readOnly } = useWorkspace();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(column.name);
  const [confirming, setConfirming] = useState(false);
  const doc = workspace.doc;

  const rename = (e: FormEvent) => {
    e.preventDefault();
    if (attempt(() => renameColumn(doc, editor, column.id, name))) setRenaming(false);
  };

  if (renaming) {
    return (
      <form className="column-header rename-form" onSubmit={rename}>
        <input
          aria-label={`New name for column ${column.name}`}
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={120}
          // biome-ignore lint/a11y/noAutofocus: opened by the person's click on "Rename".
          autoFocus
          onKeyDown={(e) => e.key === 'Escape' && setRenaming(false)}
        />
        <button type="submit" className="primary">
          Save
        </button>
        <button type="button" onClick={() => setRenaming(false)}>
          Cancel
        </button>
      </form>
    );
  }

  return (
    <div className="column-header">
      <h2 className="column-title">
        {column.name} <span className="count">{column.tasks.length}</span>
      </h2>
      {!readOnly && (
        <div className="column-tools">
          <button
            type="button"
            className="icon"
            aria-label={`Rename column ${column.name}`}
            title="Rename"
            onClick={() => {
              setName(column.name);
              setRenaming(true);
            }}
          >
            ✎
          </button>
          {MOVES.map(({ side, step, arrow }) => (
            <button
              key={side}
              type="button"
              className="icon"
              aria-label={`Move column ${column.name} ${side}`}
              title={`Move ${side}`}
              disabled={index + step < 0 || index + step >= columnCount}
              onClick={() => attempt(() => moveColumn(doc, editor, column.id, index + step))}
            >
              {arrow}
            </button>
          ))}
          <button
            type="button"
            className="icon"
            aria-label={`Archive column ${column.name}`}
            title="Archive column"
            onClick={() => {
              // An empty column goes at once; one holding cards asks first (they move to another).
              if (column.tasks.length === 0) attempt(() => archiveColumn(doc, editor, column.id));
              else setConfirming(true);
            }}
          >
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
              <path
                d="M1.5 2.5h13v3h-13zM2.5 5.5v8h11v-8M6 8.5h4"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.3"
              />
            </svg>
          </button>
        </div>
      )}
      {confirming && <ArchiveColumnConfirm column={column} onDone={() => setConfirming(false)} />}
    </div>
  );
}

/** Archiving a column that holds cards: says how many and where they will show (SPEC M6). */
function ArchiveColumnConfirm({ column, onDone }: { column: BoardColumn; onDone: () => void }) {
  const { workspace, editor } = useWorkspace();
  // Where its cards show while it is archived: the first live column left (board.ts, M6).
  const fallback = useDocQuery(
    workspace.doc,
    (doc) =>
      readColumns(doc, column.projectId).find((c) => c.archivedAt === null && c.id !== column.id)?.name ??
      null,
    [column.projectId, column.id],
  );
  const count = column.tasks.length;
  return (
    <ConfirmDialog
      title={`Archive column ${column.name}?`}
      confirmLabel="Archive column"
      danger
      onConfirm={() => {
        attempt(() => archiveColumn(workspace.doc, editor, column.id));
        onDone();
      }}
      onCancel={onDone}
    >
      <p>
        {`It holds ${count === 1 ? '1 card' : `${count} cards`}. While it is archived ${
          count === 1 ? 'it shows' : 'they show'
        } in ${fallback ? `‘${fallback}’` : 'the first column'}; restoring the column puts ${
          count === 1 ? 'it' : 'them'
        } back.`}
      </p>
    </ConfirmDialog>
  );
}
