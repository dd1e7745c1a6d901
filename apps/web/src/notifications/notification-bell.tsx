/** The header's bell: the unread count, and a panel with the newest notifications. */
import { useEffect, useId, useRef, useState } from 'react';
import { errorMessage } from '../api/api-error.ts';
import { navigate } from '../router/navigation.ts';
import { boardPath, taskPath } from '../router/route.ts';
import type { AppNotification } from './notifications-api.ts';
import { useNotifications } from './use-notifications.ts';

function when(value: string | number): string {
  return new Date(value).toLocaleString();
}

export function NotificationBell() {
  const [state, store] = useNotifications();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (open) void store?.loadFirstPage();
  }, [open, store]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    const onClick = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  if (!state || !store) return null;
  const unread = state.unread ?? 0;
  const run = (action: () => Promise<void>) => {
    setError(null);
    action().catch((e: unknown) => setError(errorMessage(e)));
  };
  const openItem = (n: AppNotification) => {
    if (!n.readAt) run(() => store.markRead(n.id));
    if (n.workspaceId) {
      setOpen(false);
      navigate(n.taskId ? taskPath(n.workspaceId, n.taskId) : boardPath(n.workspaceId));
    }
  };

  return (
    <div className="bell" ref={root}>
      <button
        type="button"
        className="bell-button"
        aria-label={`Notifications, ${unread} unread`}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        <svg
          aria-hidden="true"
          width="18"
          height="18"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {unread > 0 && (
          <span className="bell-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <section id={panelId} className="bell-panel" aria-label="Notifications">
          <header className="bell-panel-header">
            <h2>Notifications</h2>
            <button
              type="button"
              className="link"
              disabled={unread === 0}
              onClick={() => run(() => store.markAllRead())}
            >
              Mark all read
            </button>
          </header>
          {(error ?? state.error) && (
            <p className="muted" role="alert">
              {error ?? state.error}
            </p>
          )}
          {state.items.length === 0 && !state.error && <p className="muted">Nothing yet.</p>}
          <ul className="bell-list">
            {state.items.map((n) => (
              <li
                key={n.id}
                className={n.readAt ? 'notification' : 'notification unread'}
                aria-label={n.title}
              >
                <button type="button" className="notification-open" onClick={() => openItem(n)}>
                  <strong>{n.title}</strong>
                  {n.body && <span className="notification-body">{n.body}</span>}
                  <time className="muted" dateTime={new Date(n.createdAt).toISOString()}>
                    {when(n.createdAt)}
                  </time>
                </button>
                {!n.readAt && (
                  <button
                    type="button"
                    className="link"
                    aria-label={`Mark “${n.title}” read`}
                    onClick={() => run(() => store.markRead(n.id))}
                  >
                    Mark read
                  </button>
                )}
              </li>
            ))}
          </ul>
          {state.next && (
            <button type="button" className="link" onClick={() => run(() => store.loadMore())}>
              Show older
            </button>
          )}
        </section>
      )}
    </div>
  );
}
