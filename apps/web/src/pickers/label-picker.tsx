/**
 * Labels of the task(s): the ones used anywhere in the workspace, each with its colour, toggled on
 * and off (the picker stays open); typing a new name offers to create it. The workspace's labels
 * are read once when the picker opens (a walk over every task, too much for every keystroke or
 * remote change); the tasks' own labels stay live, so a label just created is listed and checked.
 */
import { LIMITS, readAllTasks } from '@taskflow/model';
import { useMemo, useState } from 'react';
import { useWorkspace } from '../workspace-context.ts';
import type { TaskPickerProps } from './assignee-picker.tsx';
import { actOnTasks } from './edit-tasks.ts';
import { LabelDot } from './label-chip.tsx';
import { Picker } from './picker.tsx';
import { labelAction, labelRefusal, labelsIn } from './picker-choices.ts';
import { useTargetTasks } from './use-target-tasks.ts';

export function LabelPicker({ taskIds, anchor, onClose }: TaskPickerProps) {
  const { workspace, editor } = useWorkspace();
  const tasks = useTargetTasks(taskIds);
  const [used] = useState(() => labelsIn(readAllTasks(workspace.doc)));
  const options = useMemo(
    () => labelsIn([{ labels: used }, ...tasks]).map((label) => ({ id: label, label })),
    [used, tasks],
  );
  const chosen = useMemo(
    () =>
      new Set(
        options.map((o) => o.id).filter((l) => tasks.length > 0 && tasks.every((t) => t.labels.includes(l))),
      ),
    [options, tasks],
  );
  const apply = (label: string) => actOnTasks(workspace.doc, editor, taskIds, labelAction(tasks, label));
  const full = tasks.some((t) => t.labels.length >= LIMITS.labels);
  const create = {
    refusal: (text: string) => labelRefusal(text, tasks),
    createLabel: (text: string) => `Create label “${text}”`,
    onCreate: (text: string) => apply(text.trim()),
  };
  return (
    <Picker
      title="Labels"
      fieldLabel="Search or create labels"
      placeholder="Label…"
      options={options}
      icon={(option) => <LabelDot label={option.id} />}
      chosen={chosen}
      multiple
      create={create}
      note={full ? `A task has at most ${LIMITS.labels} labels: take one off to add another.` : null}
      maxLength={LIMITS.label}
      anchor={anchor}
      onClose={onClose}
      onPick={apply}
    />
  );
}
