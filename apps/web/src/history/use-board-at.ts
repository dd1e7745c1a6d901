/**
 * The board as it was at `at`, fetched after the instant stops changing for a moment (a slider
 * drag asks once, not per pixel). Answers to older instants are dropped; the last board stays up
 * while the next loads, marked by `loading`.
 */
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/api-error.ts';
import type { HistoryApi, PastBoard } from './history-api.ts';

const SETTLE_MS = 200;

export type BoardAt = { board: PastBoard | null; error: string | null; loading: boolean };

export function useBoardAt(api: HistoryApi, at: Date): BoardAt {
  const [state, setState] = useState<BoardAt>({ board: null, error: null, loading: true });
  const latest = useRef(0);
  const time = at.getTime();

  useEffect(() => {
    const id = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      api.boardAt(new Date(time)).then(
        (board) => id === latest.current && setState({ board, error: null, loading: false }),
        // A board of another instant must not stay up under this instant's banner.
        (e: unknown) =>
          id === latest.current && setState({ board: null, error: errorMessage(e), loading: false }),
      );
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [api, time]);

  return state;
}
