/**
 * "Are you sure?" for an action that is hard to take back (archiving a column that holds cards,
 * deleting a task or project). A modal dialog: Esc and Cancel keep things as they are, and focus
 * starts on Cancel so a stray Enter does not confirm.
 */
import { type ReactNode, useEffect, useId, useRef } from 'react';

type Props = {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** A destructive action is drawn as one. */
  danger?: boolean;
  /** Off until the person has done what the dialog asks (typed a name, say). */
  confirmDisabled?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
};

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger = false,
  confirmDisabled = false,
  onConfirm,
  onCancel,
}: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
      <div className="dialog-actions">
        <span className="spacer" />
        {/* biome-ignore lint/a11y/noAutofocus: the safe choice is where focus starts in a confirmation. */}
        <button type="button" onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button
          type="button"
          className={danger ? 'primary danger-fill' : 'primary'}
          onClick={onConfirm}
          disabled={confirmDisabled}
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
