/**
 * The pages of an activity list a component shows, fed by requests that can overtake each other (a
 * live refresh and "Show more"): only the latest request's answer is shown. `opened` is how many
 * pages the person has opened, what a refresh reads again (activity-pages.ts).
 */
import { useCallback, useRef, useState } from 'react';
import { errorMessage } from '../api/api-error.ts';
import type { Pages } from './activity-pages.ts';

export function useActivityPages() {
  const [pages, setPages] = useState<Pages | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);
  const opened = useRef(1);

  const apply = useCallback((request: Promise<Pages>) => {
    const id = ++latest.current;
    setLoading(true);
    return request
      .then(
        (result) => {
          if (id !== latest.current) return;
          opened.current = Math.max(1, result.pages);
          setPages(result);
          setError(null);
        },
        (e: unknown) => {
          if (id === latest.current) setError(errorMessage(e));
        },
      )
      .finally(() => id === latest.current && setLoading(false));
  }, []);

  return { pages, setPages, error, loading, apply, opened };
}
