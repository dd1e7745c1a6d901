/**
 * The one list every picker shows (assignee, labels, priority, status): a modal <dialog> holding
 * an ARIA combobox — the field keeps focus and narrows the list as one types, arrows (Home, End)
 * move the active option (aria-activedescendant), Enter or a click picks it, Escape or a click
 * outside closes, and focus goes back to where it was (the card, the panel's button). Modal, so
 * board shortcuts and the page behind are inert while it is open, and it opens above the task
 * panel (itself a dialog) as the palette does.
 *
 * Single pickers close on a pick; a multiple one (labels) stays open and toggles, and its options
 * carry aria-selected for what is chosen (aria-multiselectable).
 */
import { type KeyboardEvent, type ReactNode, useEffect, useId, useMemo, useRef, useState } from 'react';
import { type CreateRule, type PickerOption, pickerEntries, stepActive } from './picker-options.ts';
import { usePickerDialog } from './use-picker-dialog.ts';
import './pickers.css';

export type { PickerOption } from './picker-options.ts';

type Props = {
  /** The dialog's name: "Assignee", "Labels", … */
  title: string;
  /** What the field is for, read by screen readers: "Search people". */
  fieldLabel: string;
  placeholder: string;
  options: readonly PickerOption[];
  /** Options drawn before their label (an avatar, a priority icon, a colour chip). */
  icon?: (option: PickerOption) => ReactNode;
  /** Ids of the options now chosen (shown with a check). */
  chosen: ReadonlySet<string>;
  multiple?: boolean;
  onPick: (id: string) => void;
  /** Creating from the typed text (labels); `createLabel` words the offer. */
  create?: CreateRule & { onCreate: (text: string) => void; createLabel: (text: string) => string };
  /** Why nothing can be created now, shown under the list ("20 labels at most"). */
  note?: string | null;
  maxLength?: number;
  /** Where to open: under this element (clamped to the window); centred without one. */
  anchor?: Element | null;
  onClose: () => void;
};

export function Picker(props: Props) {
  const { title, fieldLabel, placeholder, options, icon, chosen, multiple = false } = props;
  const { onPick, create, note, maxLength, anchor, onClose } = props;
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const entries = useMemo(() => pickerEntries(options, query, create), [options, query, create]);
  const current = stepActive(active, entries.length, '');
  const optionId = (i: number) => `${id}-option-${i}`;
  usePickerDialog(ref, anchor);

  useEffect(() => {
    if (current >= 0) document.getElementById(optionId(current))?.scrollIntoView({ block: 'nearest' });
  });

  const pick = (i: number) => {
    const entry = entries[i];
    if (!entry) return;
    if (entry.kind === 'create') {
      create?.onCreate(entry.text);
      setQuery('');
    } else onPick(entry.option.id);
    if (!multiple) onClose();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') setActive(stepActive(current, entries.length, e.key));
    else if ((e.key === 'Home' || e.key === 'End') && e.ctrlKey)
      setActive(stepActive(current, entries.length, e.key));
    else if (e.key === 'Enter') pick(current);
    else if (e.key === 'Escape') onClose();
    else return;
    e.preventDefault();
  };

  return (
    <dialog
      ref={ref}
      className="picker"
      aria-label={title}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      // A click on the backdrop (the dialog element itself, outside its box) closes it.
      onClick={(e) => e.target === e.currentTarget && onClose()}
      // Keys typed here are the list's, never board shortcuts.
      onKeyDown={(e) => e.stopPropagation()}
    >
      <input
        className="picker-input"
        role="combobox"
        aria-label={fieldLabel}
        aria-expanded="true"
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={current >= 0 ? optionId(current) : undefined}
        placeholder={placeholder}
        value={query}
        maxLength={maxLength}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        autoFocus
        spellCheck={false}
        autoComplete="off"
      />
      <div
        id={`${id}-list`}
        role="listbox"
        aria-label={title}
        aria-multiselectable={multiple || undefined}
        className="picker-list"
      >
        {entries.map((entry, i) => {
          const isChosen = entry.kind === 'option' && chosen.has(entry.option.id);
          return (
            // biome-ignore lint/a11y/useKeyWithClickEvents: keys go to the combobox field, which keeps focus (aria-activedescendant).
            <div
              key={entry.kind === 'option' ? entry.option.id : `create:${entry.text}`}
              id={optionId(i)}
              tabIndex={-1}
              role="option"
              aria-selected={isChosen}
              className={`picker-option${i === current ? ' is-active' : ''}`}
              onMouseMove={() => i !== current && setActive(i)}
              // The field keeps focus: a click picks without blurring it first.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(i)}
            >
              <span className="picker-check" aria-hidden="true">
                {isChosen ? '✓' : ''}
              </span>
              {entry.kind === 'option' ? (
                <>
                  {icon?.(entry.option)}
                  <span className="picker-label">{entry.option.label}</span>
                </>
              ) : (
                <span className="picker-label picker-create">{create?.createLabel(entry.text)}</span>
              )}
            </div>
          );
        })}
      </div>
      <p className={entries.length === 0 ? 'picker-empty' : 'visually-hidden'} role="status">
        {entries.length === 0 ? `Nothing matches “${query.trim()}”.` : `${entries.length} options`}
      </p>
      {note && <p className="picker-note muted">{note}</p>}
      {multiple && (
        <div className="picker-actions">
          <button type="button" onClick={onClose}>
            Done
          </button>
        </div>
      )}
    </dialog>
  );
}
