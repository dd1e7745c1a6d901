/**
 * One report from the server, remembered for offline. A network failure (offline, or the server
 * down) shows the last copy this device loaded, with the time it was loaded; any other failure
 * (a sprint not started, a bad range) is the server's answer and is shown as it is, since an old
 * copy would answer another question. Coming back online asks again, and so does a timer while
 * the server cannot be reached: a server that comes back up fires no 'online' event, and neither
 * does every browser when its network returns.
 */
import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import { ApiError, errorMessage } from '../api/api-error.ts';
import { useSessionObject } from '../session/use-session.ts';
import { loadReport, saveReport } from './report-cache.ts';

/** How often a report the server could not be reached for is asked again. */
const RETRY_MS = 5_000;

export type ReportState<T> =
  | { status: 'loading' }
  | { status: 'loaded'; body: T }
  /** `savedAt`: when the copy shown was loaded (ISO instant). */
  | { status: 'offline'; body: T; savedAt: string }
  | { status: 'error'; message: string };

export function useReport<T>(
  userId: string,
  path: string | null,
  schema: z.ZodType<T>,
): [ReportState<T>, () => void] {
  const session = useSessionObject();
  const [state, setState] = useState<ReportState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [unreachable, setUnreachable] = useState(false);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, [retry]);

  // Each attempt that still cannot reach the server arms the next one.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-arms the timer.
  useEffect(() => {
    if (!unreachable) return;
    const timer = setTimeout(retry, RETRY_MS);
    return () => clearTimeout(timer);
  }, [unreachable, retry, attempt]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` only asks again.
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setState({ status: 'loading' });
    session.api(path, schema).then(
      (body) => {
        saveReport(userId, path, body);
        if (!live) return;
        setUnreachable(false);
        setState({ status: 'loaded', body });
      },
      (error: unknown) => {
        if (!live) return;
        const network = error instanceof ApiError && error.isNetwork;
        setUnreachable(network);
        const cached = network ? loadReport(userId, path, schema) : null;
        setState(
          cached
            ? { status: 'offline', body: cached.body, savedAt: cached.savedAt }
            : { status: 'error', message: errorMessage(error) },
        );
      },
    );
    return () => {
      live = false;
    };
  }, [session, userId, path, schema, attempt]);

  return [state, retry];
}
