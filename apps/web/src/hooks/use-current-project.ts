/**
 * The project this tab shows; remembered per person and workspace so a reload opens the same board.
 * Every hook with the same key follows a choice made by another (the command palette, in the
 * header, switches the board's project): localStorage's own event only reaches other tabs.
 */
import type { Project } from '@taskflow/model';
import { useCallback, useEffect, useState } from 'react';

const choosers = new Set<(storageKey: string) => void>();

export function useCurrentProject(
  projects: readonly Project[],
  storageKey: string,
): [Project | undefined, (id: string) => void] {
  const [chosen, setChosen] = useState<string | null>(() => localStorage.getItem(storageKey));
  const live = projects.filter((p) => p.archivedAt === null);
  const current = live.find((p) => p.id === chosen) ?? live[0];
  useEffect(() => {
    const follow = (key: string) => key === storageKey && setChosen(localStorage.getItem(storageKey));
    choosers.add(follow);
    return () => {
      choosers.delete(follow);
    };
  }, [storageKey]);
  const choose = useCallback(
    (id: string) => {
      localStorage.setItem(storageKey, id);
      setChosen(id);
      for (const follow of choosers) follow(storageKey);
    },
    [storageKey],
  );
  return [current, choose];
}
