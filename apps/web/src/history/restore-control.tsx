/**
 * "Restore to this moment": a dry run first, so the confirmation can say how much changes, then the
 * real restore. The restore is a new change on the server (synced, in history, undoable), which is
 * why the question says so: later edits of the restored items are overwritten, others' are not.
 */
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/api-error.ts';
import type { HistoryApi, RestoreScope } from './history-api.ts';
import { momentText } from './local-time-input.ts';

type Props = {
  api: HistoryApi;
  at: Date;
  scope: RestoreScope;
  label: string;
  onRestored: (count: number) => void;
};

type Phase =
  | { name: 'idle' }
  | { name: 'counting' }
  | { name: 'confirm'; count: number }
  | { name: 'restoring' };

function items(count: number): string {
  return count === 1 ? '1 item' : `${count} items`;
}

export function RestoreControl({ api, at, scope, label, onRestored }: Props) {
  const [phase, setPhase] = useState<Phase>({ name: 'idle' });
  const [error, setError] = useState<string | null>(null);

  const count = () => {
    setError(null);
    setPhase({ name: 'counting' });
    api.restore(at, scope, true).then(
      (n) => setPhase({ name: 'confirm', count: n }),
      (e: unknown) => {
        setError(errorMessage(e));
        setPhase({ name: 'idle' });
      },
    );
  };
  const restore = () => {
    setPhase({ name: 'restoring' });
    api.restore(at, scope, false).then(
      (n) => {
        setPhase({ name: 'idle' });
        onRestored(n);
      },
      (e: unknown) => {
        setError(errorMessage(e));
        setPhase({ name: 'idle' });
      },
    );
  };

  return (
    <>
      <button type="button" onClick={count} disabled={phase.name !== 'idle'}>
        {phase.name === 'counting' ? 'Counting changes…' : label}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
      {(phase.name === 'confirm' || phase.name === 'restoring') && (
        <ConfirmRestore
          count={phase.name === 'confirm' ? phase.count : null}
          at={at}
          onCancel={() => setPhase({ name: 'idle' })}
          onConfirm={restore}
        />
      )}
    </>
  );
}

type ConfirmProps = { count: number | null; at: Date; onCancel: () => void; onConfirm: () => void };

function ConfirmRestore({ count, at, onCancel, onConfirm }: ConfirmProps) {
  const ref = useRef<HTMLDialogElement>(null);
  // The count of the dry run, kept while the real restore runs (its phase has none).
  const [shown] = useState(count ?? 0);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const when = momentText(at);
  const busy = count === null;
  return (
    <dialog
      ref={ref}
      className="dialog restore-confirm"
      aria-label="Restore to this moment"
      onClose={onCancel}
    >
      {shown === 0 ? (
        <p>Nothing to restore: everything here already is as it was at {when}.</p>
      ) : (
        <p>
          {shown === 1
            ? `Restore 1 item to how it was at ${when}? This is a new change; anything edited since is overwritten for that item.`
            : `Restore ${shown} items to how they were at ${when}? This is a new change; anything edited since is overwritten for those items.`}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={() => ref.current?.close()} disabled={busy}>
          {shown === 0 ? 'Close' : 'Cancel'}
        </button>
        {shown > 0 && (
          <button type="button" className="primary" onClick={onConfirm} disabled={busy}>
            {busy ? 'Restoring…' : `Restore ${items(shown)}`}
          </button>
        )}
      </div>
    </dialog>
  );
}
