/** The project this tab shows; remembered per person and workspace so a reload opens the same board. */
import type { Project } from '@taskflow/model';
import { useCallback, useState } from 'react';

export function useCurrentProject(
  projects: readonly Project[],
  storageKey: string,
): [Project | undefined, (id: string) => void] {
  const [chosen, setChosen] = useState<string | null>(() => localStorage.getItem(storageKey));
  const live = projects.filter((p) => p.archivedAt === null);
  const current = live.find((p) => p.id === chosen) ?? live[0];
  const choose = useCallback(
    (id: string) => {
      localStorage.setItem(storageKey, id);
      setChosen(id);
    },
    [storageKey],
  );
  return [current, choose];
}
