/**
 * Emails of this workspace that failed for good (owners and admins: the server lists dead letters of the
 * workspaces the caller owns or administers). Retrying puts one back in the outbox with a fresh retry budget, so
 * it is no longer dead and leaves the list.
 */
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api/api-error.ts';
import { ActionTable } from '../components/action-table.tsx';
import { FormError } from '../ui/form-error.tsx';
import type { DeadLetter, WorkspaceAdminApi } from './workspace-admin-api.ts';

type Props = { api: WorkspaceAdminApi; reloadKey?: unknown };

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export function DeadLetters({ api, reloadKey }: Props) {
  const [rows, setRows] = useState<DeadLetter[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setRows(await api.deadLetters());
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [api]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadKey (the session's auth state) reloads a page opened offline.
  useEffect(() => {
    void load();
  }, [load, reloadKey]);

  const retry = async (id: number) => {
    setError(null);
    try {
      await api.retry(id);
      setRows((current) => current?.filter((d) => d.id !== id) ?? null);
    } catch (err) {
      setError(errorMessage(err));
      // Another admin may have retried it already: show what is dead now.
      await load();
    }
  };

  return (
    <section className="panel" aria-label="Email delivery problems">
      <h2>Email delivery problems</h2>
      <FormError error={error} />
      {rows === null ? (
        <p className="muted">{error ? 'The list of failed emails needs the server.' : 'Loading…'}</p>
      ) : rows.length === 0 ? (
        <p className="muted">No failed emails.</p>
      ) : (
        <ActionTable headings={['Kind', 'Attempts', 'Last error', 'Failed']}>
          {rows.map((d) => (
            <tr key={d.id}>
              <td>{d.kind}</td>
              <td>{d.attempts}</td>
              <td>{d.lastError ?? <span className="muted">none recorded</span>}</td>
              <td>{when(d.deadAt)}</td>
              <td>
                <button
                  type="button"
                  aria-label={`Retry ${d.kind} email that failed ${when(d.deadAt)}`}
                  onClick={() => void retry(d.id)}
                >
                  Retry
                </button>
              </td>
            </tr>
          ))}
        </ActionTable>
      )}
    </section>
  );
}
