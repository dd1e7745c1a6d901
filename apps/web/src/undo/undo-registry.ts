/**
 * One undo history per open workspace document and person. The board remounts when the project
 * changes, and React may mount twice; the history must outlive both, or switching projects would
 * forget what I can undo. Kept by the document itself (a WeakMap), so it goes when the document does.
 */
import { UndoHistory } from '@taskflow/model';
import type * as Y from 'yjs';

const histories = new WeakMap<Y.Doc, Map<string, UndoHistory>>();

export function undoHistoryFor(doc: Y.Doc, actorId: string): UndoHistory {
  let byPerson = histories.get(doc);
  if (!byPerson) {
    byPerson = new Map();
    histories.set(doc, byPerson);
  }
  let history = byPerson.get(actorId);
  if (!history) {
    history = new UndoHistory(doc, actorId);
    byPerson.set(actorId, history);
  }
  return history;
}
