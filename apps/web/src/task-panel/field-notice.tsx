/** The conflict notice under one field, when someone changed it while I was typing in it. */
import { personName, useWorkspace } from '../workspace-context.ts';
import { FieldConflictNotice } from './field-conflict-notice.tsx';
import type { TaskField } from './task-form.ts';
import type { TaskEdits } from './use-task-edits.ts';

export function FieldNotice({ edits, field }: { edits: TaskEdits; field: TaskField }) {
  const { actorId, people } = useWorkspace();
  const conflict = edits.conflicts.find((c) => c.field === field);
  if (!conflict) return null;
  return (
    <FieldConflictNotice
      conflict={conflict}
      who={conflict.changedBy === actorId ? null : personName(people, conflict.changedBy)}
      onKeepMine={edits.keepMine}
      onTakeTheirs={edits.takeTheirs}
    />
  );
}
