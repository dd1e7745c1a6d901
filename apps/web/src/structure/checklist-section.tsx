/**
 * A task's checklist: tick, rename (Enter or leaving the field saves, Esc drops the typing), reorder
 * (Alt+↑/↓ on an item, or its buttons), remove, add. Items are edited by several people at once
 * (checklists.ts); each change is saved at once.
 */
import {
  addChecklistItem,
  type ChecklistItem,
  checklistProgress,
  moveChecklistItem,
  readChecklist,
  removeChecklistItem,
  renameChecklistItem,
  setChecklistItemDone,
  type Task,
} from '@taskflow/model';
import { type FormEvent, type KeyboardEvent, useId, useRef, useState } from 'react';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { attempt } from '../hooks/use-error-banner.ts';
import { useWorkspace } from '../workspace-context.ts';
import { ProgressMeter } from './progress.tsx';

export function ChecklistSection({ task }: { task: Task }) {
  const { workspace, editor, readOnly } = useWorkspace();
  const doc = workspace.doc;
  const id = useId();
  const [text, setText] = useState('');
  const items = useDocQuery(doc, (d) => readChecklist(d, task.id), [task.id]);
  const progress = useDocQuery(doc, (d) => checklistProgress(d, task.id), [task.id]);
  const list = useRef<HTMLUListElement>(null);

  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    if (attempt(() => addChecklistItem(doc, editor, task.id, text))) setText('');
  };
  const move = (item: ChecklistItem, to: number) => {
    if (to < 0 || to >= items.length) return;
    attempt(() => moveChecklistItem(doc, editor, task.id, item.id, to));
    // Focus follows the item to its new place (the row is re-rendered under a new position).
    requestAnimationFrame(() =>
      list.current?.querySelector<HTMLInputElement>(`[data-item="${item.id}"] .checklist-text`)?.focus(),
    );
  };

  return (
    <section className="structure-section" aria-labelledby={id}>
      <h3 id={id}>
        Checklist <ProgressMeter label="Checklist" progress={progress} />
      </h3>
      {items.length > 0 && (
        <ul className="checklist" aria-label="Checklist" ref={list}>
          {items.map((item, index) => (
            <ChecklistRow
              key={item.id}
              item={item}
              readOnly={readOnly}
              onToggle={(done) => attempt(() => setChecklistItemDone(doc, editor, task.id, item.id, done))}
              onRename={(value) => attempt(() => renameChecklistItem(doc, editor, task.id, item.id, value))}
              onRemove={() => attempt(() => removeChecklistItem(doc, editor, task.id, item.id))}
              onMove={(by) => move(item, index + by)}
              first={index === 0}
              last={index === items.length - 1}
            />
          ))}
        </ul>
      )}
      {!readOnly && (
        <form className="structure-add" onSubmit={add}>
          <input
            aria-label="New checklist item"
            placeholder="Add an item"
            value={text}
            maxLength={500}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit">Add item</button>
        </form>
      )}
    </section>
  );
}

type RowProps = {
  item: ChecklistItem;
  readOnly: boolean;
  first: boolean;
  last: boolean;
  onToggle: (done: boolean) => void;
  onRename: (text: string) => void;
  onRemove: () => void;
  onMove: (by: -1 | 1) => void;
};

function ChecklistRow({ item, readOnly, first, last, onToggle, onRename, onRemove, onMove }: RowProps) {
  // While typing, the field shows the draft; otherwise the item's text as it is now (others' renames).
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft?.trim() && draft.trim() !== item.text) onRename(draft);
    setDraft(null);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      commit();
      onMove(e.key === 'ArrowUp' ? -1 : 1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      commit();
    } else if (e.key === 'Escape' && draft !== null) {
      e.stopPropagation();
      e.preventDefault();
      setDraft(null);
    }
  };
  return (
    <li data-item={item.id} className={item.done ? 'is-done' : undefined}>
      <input
        type="checkbox"
        checked={item.done}
        disabled={readOnly}
        aria-label={`Done: ${item.text}`}
        onChange={(e) => onToggle(e.target.checked)}
      />
      <input
        className="checklist-text"
        aria-label="Checklist item"
        aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
        title="Alt+↑/↓ moves the item"
        value={draft ?? item.text}
        readOnly={readOnly}
        maxLength={500}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={onKeyDown}
      />
      {!readOnly && (
        <span className="checklist-actions">
          <button
            type="button"
            className="icon"
            aria-label={`Move up: ${item.text}`}
            disabled={first}
            onClick={() => onMove(-1)}
          >
            ↑
          </button>
          <button
            type="button"
            className="icon"
            aria-label={`Move down: ${item.text}`}
            disabled={last}
            onClick={() => onMove(1)}
          >
            ↓
          </button>
          <button type="button" className="icon" aria-label={`Remove: ${item.text}`} onClick={onRemove}>
            ×
          </button>
        </span>
      )}
    </li>
  );
}
