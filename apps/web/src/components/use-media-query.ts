/** Whether a media query matches now, re-rendering when it changes (the header folds on phones). */
import { useCallback, useSyncExternalStore } from 'react';

export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    [query],
  );
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches);
}

/** The width under which the layout becomes the phone layout (styles.css uses the same figure). */
export const NARROW = '(max-width: 700px)';
