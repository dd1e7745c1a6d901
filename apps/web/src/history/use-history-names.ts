/**
 * Names for the ids in activity changes, read from the workspace document (people, the columns of
 * every project, sprints), so entries follow renames live. The server's own names (`actorName`, a move's
 * `fromName`/`toName`) win where it sends them.
 */
import { readColumns, readProjects, readSprints } from '@taskflow/model';
import { useMemo } from 'react';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { personName, useWorkspace } from '../workspace-context.ts';
import type { Names } from './describe-entry.ts';

export function useHistoryNames(): Names {
  const { workspace, people } = useWorkspace();
  const columns = useDocQuery(workspace.doc, (d) => {
    const names = new Map<string, string>();
    for (const project of readProjects(d)) {
      for (const column of readColumns(d, project.id)) names.set(column.id, column.name);
    }
    return names;
  });
  const sprints = useDocQuery(workspace.doc, (d) => {
    const names = new Map<string, string>();
    for (const project of readProjects(d))
      for (const s of readSprints(d, project.id)) names.set(s.id, s.name);
    return names;
  });
  return useMemo(
    () => ({
      person: (id: string) => personName(people, id),
      column: (id: string) => columns.get(id),
      sprint: (id: string) => sprints.get(id),
    }),
    [people, columns, sprints],
  );
}
