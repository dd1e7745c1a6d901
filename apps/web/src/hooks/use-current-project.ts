/** The project this tab shows; remembered per browser so a reload opens the same board. */
import type { Project } from '@taskflow/model';
import { useCallback, useState } from 'react';

const KEY = 'taskflow:project';

export function useCurrentProject(projects: readonly Project[]): [Project | undefined, (id: string) => void] {
  const [chosen, setChosen] = useState<string | null>(() => localStorage.getItem(KEY));
  const live = projects.filter((p) => p.archivedAt === null);
  const current = live.find((p) => p.id === chosen) ?? live[0];
  const choose = useCallback((id: string) => {
    localStorage.setItem(KEY, id);
    setChosen(id);
  }, []);
  return [current, choose];
}
