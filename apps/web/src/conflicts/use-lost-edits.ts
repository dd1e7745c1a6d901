/**
 * My titles that lost to someone else's written at the same time (model: observeLostEdits). A notice
 * goes when I dismiss it, put mine back, or the title changes again.
 */
import { type LostEdit, observeLostEdits, readTask } from '@taskflow/model';
import { useCallback, useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { rememberClient } from './my-clients.ts';

export function useLostEdits(
  doc: Y.Doc,
  workspaceId: string,
  actorId: string,
): { notices: LostEdit[]; dismiss: (key: string) => void } {
  const [all, setAll] = useState<LostEdit[]>([]);

  useEffect(() => {
    const isMine = rememberClient(actorId, workspaceId, doc.clientID);
    return observeLostEdits(doc, actorId, isMine, (lost) =>
      setAll((prev) => [...prev, ...lost.filter((l) => !prev.some((p) => p.key === l.key))]),
    );
  }, [doc, workspaceId, actorId]);

  // Only while the task still says what won: a later edit by anyone settles it.
  const notices = useDocQuery(doc, (d) => all.filter((l) => readTask(d, l.taskId)?.title === l.theirs), [
    all,
  ]);
  const dismiss = useCallback((key: string) => setAll((prev) => prev.filter((l) => l.key !== key)), []);
  return { notices, dismiss };
}
