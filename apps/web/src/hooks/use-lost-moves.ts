/**
 * Moves of mine that lost to someone else's concurrent move (model: observeLostMoves). A notice
 * goes away when I dismiss it (remembered across reloads) or when the task's winning placement
 * changes, e.g. because I put it back.
 */
import { type LostMove, observeLostMoves, readLostMoves, readTask } from '@taskflow/model';
import { useCallback, useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { userKey } from '../session/storage-keys.ts';
import { useDocQuery } from './use-doc-query.ts';

function dismissedKey(actorId: string): string {
  return userKey(actorId, 'dismissedLostMoves');
}

function loadDismissed(actorId: string): Set<string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(dismissedKey(actorId)) ?? '[]');
    return new Set(Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

function stillLost(doc: Y.Doc, lost: LostMove): boolean {
  const task = readTask(doc, lost.taskId);
  return task !== undefined && task.archivedAt === null && task.movedAt === lost.winner.at;
}

export function useLostMoves(
  doc: Y.Doc,
  actorId: string,
): { notices: LostMove[]; dismiss: (moveId: string) => void } {
  const [all, setAll] = useState<LostMove[]>([]);

  useEffect(() => {
    const dismissed = loadDismissed(actorId);
    const add = (lost: LostMove[]) =>
      setAll((prev) => {
        const fresh = lost.filter(
          (l) => !dismissed.has(l.mine.moveId) && !prev.some((p) => p.mine.moveId === l.mine.moveId),
        );
        return fresh.length > 0 ? [...prev, ...fresh] : prev;
      });
    add(readLostMoves(doc, actorId));
    return observeLostMoves(doc, actorId, add);
  }, [doc, actorId]);

  const notices = useDocQuery(doc, (d) => all.filter((l) => stillLost(d, l)), [all]);

  const dismiss = useCallback(
    (moveId: string) => {
      const dismissed = loadDismissed(actorId);
      dismissed.add(moveId);
      localStorage.setItem(dismissedKey(actorId), JSON.stringify([...dismissed].slice(-200)));
      setAll((prev) => prev.filter((l) => l.mine.moveId !== moveId));
    },
    [actorId],
  );

  return { notices, dismiss };
}
