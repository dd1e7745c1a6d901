/** Which column the task(s) are in: a pick moves them to the bottom of that column, in board order, as one change. */
import { liveColumns, readColumns } from '@taskflow/model';
import { useMemo } from 'react';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { useWorkspace } from '../workspace-context.ts';
import type { TaskPickerProps } from './assignee-picker.tsx';
import { actOnTasks } from './edit-tasks.ts';
import { Picker } from './picker.tsx';
import { sharedValue, useTargetTasks } from './use-target-tasks.ts';

export function StatusPicker({ taskIds, anchor, onClose }: TaskPickerProps) {
  const { workspace, editor } = useWorkspace();
  const tasks = useTargetTasks(taskIds);
  // The board shows one project, so the selection's tasks share it.
  const projectId = tasks[0]?.projectId ?? null;
  const columns = useDocQuery(
    workspace.doc,
    (doc) => (projectId ? liveColumns(readColumns(doc, projectId)) : []),
    [projectId],
  );
  const options = useMemo(() => columns.map((c) => ({ id: c.id, label: c.name })), [columns]);
  const current = sharedValue(tasks, (t) => t.columnId);
  const chosen = useMemo(() => new Set(current ? [current] : []), [current]);
  return (
    <Picker
      title="Status"
      fieldLabel="Search columns"
      placeholder="Move to column…"
      options={options}
      chosen={chosen}
      anchor={anchor}
      onClose={onClose}
      onPick={(columnId) => actOnTasks(workspace.doc, editor, taskIds, { kind: 'move', columnId })}
    />
  );
}
