import { useEffect, useState } from 'react';
import { errorMessage } from '../api/api-error.ts';
import { useSessionObject } from '../session/use-session.ts';
import { previewOccurrences } from './recurrence.ts';

export type Preview = { occurrences: string[]; error: string | null; loading: boolean };

const DEBOUNCE_MS = 300;

/** The next occurrences of a cron rule from the server (croner there, so one truth), debounced. */
export function usePreview(cron: string, timeZone: string): Preview {
  const session = useSessionObject();
  const [preview, setPreview] = useState<Preview>({ occurrences: [], error: null, loading: false });
  useEffect(() => {
    if (!cron.trim()) {
      setPreview({ occurrences: [], error: null, loading: false });
      return;
    }
    let live = true;
    setPreview((p) => ({ ...p, loading: true }));
    const timer = setTimeout(() => {
      previewOccurrences(session, cron.trim(), timeZone).then(
        (occurrences) => live && setPreview({ occurrences, error: null, loading: false }),
        (e: unknown) => live && setPreview({ occurrences: [], error: errorMessage(e), loading: false }),
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [session, cron, timeZone]);
  return preview;
}
