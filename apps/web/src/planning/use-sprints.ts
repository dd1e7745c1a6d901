/**
 * A project's sprints, kept as the same array until one of them changes: the document changes on
 * every keystroke, and the board's filter (board-scope.ts) must not start over each time.
 */
import { readSprints, type Sprint } from '@taskflow/model';
import { useMemo } from 'react';
import type * as Y from 'yjs';
import { useDocQuery } from '../hooks/use-doc-query.ts';

export function useSprints(doc: Y.Doc, projectId: string | null): Sprint[] {
  const text = useDocQuery(doc, (d) => (projectId ? JSON.stringify(readSprints(d, projectId)) : '[]'), [
    projectId,
  ]);
  return useMemo(() => JSON.parse(text) as Sprint[], [text]);
}
