/** Asks for a display name once; it is kept in this browser and recorded as the author of changes. */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { saveName } from '../identity/identity.ts';

type Props = { initial: string; onDone: (name: string) => void; onCancel: (() => void) | undefined };

export function NameDialog({ initial, onDone, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const saved = saveName(name);
    if (saved) onDone(saved);
    else setError('Please enter a name (1 to 120 characters).');
  };

  return (
    <dialog
      ref={ref}
      className="dialog name-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        // Without a name there is nobody to attribute changes to, so the first ask cannot be skipped.
        if (onCancel) onCancel();
        else e.preventDefault();
      }}
    >
      <form onSubmit={submit}>
        <h2 id={titleId}>{initial ? 'Change your name' : 'Welcome to Taskflow'}</h2>
        <p>Your name is shown to others next to the tasks you create and move.</p>
        <label className="field">
          <span>Your name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} autoFocus maxLength={120} />
        </label>
        {error && <p className="field-error">{error}</p>}
        <div className="dialog-actions">
          {onCancel && (
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          )}
          <button type="submit" className="primary">
            Continue
          </button>
        </div>
      </form>
    </dialog>
  );
}
