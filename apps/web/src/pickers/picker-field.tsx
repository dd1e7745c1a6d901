/**
 * A field of the task panel whose value is chosen, not typed: a button showing the value (an
 * avatar and a name, label chips, a priority icon) that opens its picker under it. The picker
 * writes at once (one change); Escape closes it and focus comes back to the button.
 */
import { type ReactNode, useId, useRef, useState } from 'react';
import './pickers.css';

type Props = {
  label: string;
  value: ReactNode;
  /**
   * Drawn before the button, not in it (an avatar): the button is named by the field and its value,
   * and a name must contain the button's visible text (WCAG 2.5.3), which initials are not.
   */
  lead?: ReactNode;
  picker: (anchor: Element | null, close: () => void) => ReactNode;
};

export function PickerField({ label, value, lead, picker }: Props) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const id = useId();
  return (
    <div className="field">
      <span id={`${id}-label`}>{label}</span>
      <span className="picker-field-row">
        {lead}
        <button
          ref={button}
          type="button"
          className="picker-field"
          aria-haspopup="dialog"
          aria-labelledby={`${id}-label ${id}-value`}
          onClick={() => setOpen(true)}
        >
          <span id={`${id}-value`} className="picker-field-value">
            {value}
          </span>
        </button>
      </span>
      {open && picker(button.current, () => setOpen(false))}
    </div>
  );
}
