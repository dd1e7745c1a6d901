/**
 * One facet of the filter bar as a small menu: a button that says how many values are chosen, and
 * a popup of checkboxes (a real form control per value, so screen readers and the keyboard need
 * nothing special). Escape or a click elsewhere closes it and gives focus back to the button.
 */
import { useCallback, useId, useRef, useState } from 'react';
import { usePopupDismiss } from './use-popup-dismiss.ts';

export type FacetOption = { value: string; label: string };

type Props = {
  /** The facet's name: "Assignee", "Labels", … */
  label: string;
  options: readonly FacetOption[];
  chosen: readonly string[];
  onChange: (values: string[]) => void;
};

export function FacetMenu({ label, options, chosen, onChange }: Props) {
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  usePopupDismiss(open, close, root, button);

  const toggle = (value: string, on: boolean) => {
    onChange(on ? [...chosen, value] : chosen.filter((v) => v !== value));
  };
  const names = options.filter((o) => chosen.includes(o.value)).map((o) => o.label);

  return (
    <div className="facet-menu" ref={root}>
      <button
        ref={button}
        type="button"
        className={chosen.length > 0 ? 'facet-button facet-set' : 'facet-button'}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((v) => !v)}
      >
        {/* One text, so the button's name reads "Due: Overdue" (an inner element adds a space). */}
        <span className="facet-chosen">
          {chosen.length > 0 ? `${label}: ${names.length > 0 ? names.join(', ') : chosen.length}` : label}
        </span>
      </button>
      {open && (
        <fieldset id={id} className="facet-popup">
          <legend className="visually-hidden">{label}</legend>
          {options.length === 0 && <p className="muted">Nothing to choose yet.</p>}
          {options.map((o) => (
            <label key={o.value} className="facet-option">
              <input
                type="checkbox"
                checked={chosen.includes(o.value)}
                onChange={(e) => toggle(o.value, e.target.checked)}
              />
              <span>{o.label}</span>
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}
