/** The one line shown after an undo or a redo: what was done, and what was left because of others. */
import type { UndoResult } from '@taskflow/model';
import type { UndoCommand } from './undo-keys.ts';

function changes(n: number): string {
  return n === 1 ? '1 change' : `${n} changes`;
}

export function undoNotice(command: UndoCommand, result: UndoResult): string {
  const { label, applied, changedSince, refused } = result;
  if (applied === 0) {
    const none = command === 'undo' ? 'Nothing undone' : 'Nothing redone';
    const why =
      refused === 0
        ? 'someone else changed it since'
        : changedSince === 0
          ? 'it is no longer possible'
          : 'someone else changed it since, or it is no longer possible';
    return `${none} for ${label}: ${why}.`;
  }
  const verb = command === 'undo' ? 'Undid' : 'Redid';
  const left: string[] = [];
  if (changedSince > 0)
    left.push(`${changes(changedSince)} left as is because someone else changed it since`);
  if (refused > 0) left.push(`${changes(refused)} no longer possible`);
  return left.length === 0 ? `${verb} ${label}.` : `${verb} ${label}; ${left.join('; ')}.`;
}
