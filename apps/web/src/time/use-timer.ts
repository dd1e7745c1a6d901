/**
 * The signed-in person's timer, read from the document (so every tab and device of theirs shows
 * the same one), and a clock that ticks once a second while it runs. Elapsed time is wall-clock
 * from the stored start, so a reload, a sleep or a second device all read the same number.
 */
import { readTimer, type Timer } from '@taskflow/model';
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { useDocQuery } from '../hooks/use-doc-query.ts';

export function useMyTimer(doc: Y.Doc, personId: string): Timer | null {
  return useDocQuery(doc, (d) => readTimer(d, personId), [personId]);
}

/** Now, in milliseconds, re-read every second while `ticking`. */
export function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, [ticking]);
  return now;
}
