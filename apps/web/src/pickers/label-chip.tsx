/** A label with its colour (colour.ts), on a card and in the label picker. */
import { colourStyle } from './colour.ts';
import './pickers.css';

export function LabelChip({ label }: { label: string }) {
  return (
    <span className="label-chip" style={colourStyle(label)}>
      {label}
    </span>
  );
}

/** The colour alone, as a dot before a label's name in the picker. */
export function LabelDot({ label }: { label: string }) {
  return <span className="label-dot" style={colourStyle(label)} aria-hidden="true" />;
}
