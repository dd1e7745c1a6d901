/**
 * Signing out removes this person's data from the device (a shared computer must not keep it).
 * Changes the server has not confirmed would be lost with it, so those are counted and announced first.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { navigate } from '../router/navigation.ts';
import { storedPendingTotal } from '../session/storage-keys.ts';
import { useSession } from '../session/use-session.ts';

export function SignOutButton() {
  const [{ user }, session] = useSession();
  const [pending, setPending] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  if (!user) return null;

  const signOut = async () => {
    setBusy(true);
    setPending(null);
    await session.signOut();
    navigate('/signin', { replace: true });
  };

  const start = () => {
    const waiting = storedPendingTotal(localStorage, user.id);
    if (waiting > 0) setPending(waiting);
    else void signOut();
  };

  return (
    <>
      <button type="button" onClick={start} disabled={busy}>
        {busy ? 'Signing out…' : 'Sign out'}
      </button>
      {pending !== null && (
        <ConfirmSignOut count={pending} onCancel={() => setPending(null)} onConfirm={() => void signOut()} />
      )}
    </>
  );
}

function ConfirmSignOut(props: { count: number; onCancel: () => void; onConfirm: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const changes = props.count === 1 ? '1 change is' : `${props.count} changes are`;
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id={titleId}>Sign out?</h2>
      <p>
        {changes} not on the server yet and will be lost. Signing out removes your data from this device. Stay
        signed in until the status says “Saved on the server” to keep them.
      </p>
      <div className="dialog-actions">
        <span className="spacer" />
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" className="primary danger-fill" onClick={props.onConfirm}>
          Sign out and lose them
        </button>
      </div>
    </dialog>
  );
}
