/** The board toolbar's way into history: "View as of…" opens a picker; "View" shows that moment. */
import { type FormEvent, useState } from 'react';
import { fromLocalInput, toLocalInput } from './local-time-input.ts';

export function AsOfEntry({ onView }: { onView: (at: Date) => void }) {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState('');

  if (!open) {
    return (
      <button
        type="button"
        onClick={() => {
          setValue(toLocalInput(new Date()));
          setOpen(true);
        }}
      >
        View as of…
      </button>
    );
  }
  const at = fromLocalInput(value);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (at) onView(at);
  };
  return (
    // noValidate: a typed time finer than the step is still a time; the server answers a future one.
    <form className="inline-form as-of-entry" onSubmit={submit} noValidate>
      <label className="inline-field">
        <span>View the board as of</span>
        <input
          type="datetime-local"
          step={1}
          value={value}
          max={toLocalInput(new Date())}
          onChange={(e) => setValue(e.target.value)}
          required
        />
      </label>
      <button type="submit" className="primary" disabled={!at}>
        View
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}
