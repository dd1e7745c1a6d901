/**
 * A checked import plan written into a workspace document as a new project, through the model's
 * operations (createProject, addColumn, createSprint, createTask, addChecklistItem, addComment),
 * all inside the caller's one transaction.
 *
 * All or nothing: Yjs has no rollback, so an operation that throws halfway through a transaction
 * leaves what came before it in the document. `importPlan` therefore runs the whole plan first on
 * a scratch copy of the document and writes to the real one only when the copy took all of it.
 * The copy costs one encode and one apply of the workspace (tens of milliseconds for thousands of
 * tasks), paid only by an admin's import; in exchange no input, however odd, leaves half a board.
 */
import {
  addChecklistItem,
  addColumn,
  addComment,
  archiveColumn,
  createProject,
  createSprint,
  createTask,
  type Editor,
  liveColumns,
  projectOfKey,
  readColumns,
  renameColumn,
  setChecklistItemDone,
} from '@taskflow/model';
import * as Y from 'yjs';
import {
  columnsOf,
  type ImportPlan,
  type Member,
  matchMember,
  personLabel,
  type Skipped,
  type StatusMapping,
} from './import-plan.ts';

export type ImportReport = {
  projectId: string;
  projectKey: string;
  projectName: string;
  columns: string[];
  created: number;
  checklistItems: number;
  comments: number;
  sprints: number;
  skipped: Skipped[];
};

/** Notes on people the plan names who are no workspace member: their tasks are left unassigned. */
export function assigneeNotes(plan: ImportPlan, members: readonly Member[]): Skipped[] {
  const notes: Skipped[] = [];
  for (const task of plan.tasks) {
    if (task.assignee && !matchMember(task.assignee, members)) {
      notes.push({
        ref: task.ref,
        reason: `assignee ${personLabel(task.assignee)} is not a member of this workspace: left unassigned`,
      });
    }
  }
  return notes;
}

export type ImportInput = {
  plan: ImportPlan;
  mapping: StatusMapping;
  members: readonly Member[];
  /** The new project's name; default: the board's name at the source. */
  projectName?: string | undefined;
  actorId: string;
  now: () => number;
};

/** Writes the plan into `doc` (inside the caller's transaction), after the dry run on a copy. */
export function importPlan(doc: Y.Doc, input: ImportInput): ImportReport {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  try {
    writePlan(copy, input);
  } finally {
    copy.destroy();
  }
  return writePlan(doc, input);
}

function writePlan(doc: Y.Doc, input: ImportInput): ImportReport {
  const { plan, mapping, members } = input;
  const origin = { kind: 'rest', actorId: input.actorId } as const;
  const editor: Editor = { origin, now: input.now };
  // Created at the source's time when it has one: reports and "created" read the real age.
  const at = (iso: string | null): Editor => {
    const t = iso === null ? Number.NaN : Date.parse(iso);
    return Number.isNaN(t) ? editor : { origin, now: () => t };
  };
  const names = columnsOf(plan, mapping);
  const name = input.projectName ?? plan.name;
  const key = plan.key?.toUpperCase();
  const keyFree = key !== undefined && /^[A-Z][A-Z0-9]{1,9}$/.test(key) && !projectOfKey(doc, key);
  const project = createProject(doc, editor, keyFree ? { name, key } : { name });
  // The project starts with the default columns: the first ones are renamed, more are added, and
  // those left over archived (a project keeps at least one live column).
  const starting = liveColumns(readColumns(doc, project.id)).map((c) => c.id);
  const columnIds = new Map<string, string>();
  for (const [i, name] of names.entries()) {
    const existing = starting[i];
    if (existing) {
      renameColumn(doc, editor, existing, name);
      columnIds.set(name, existing);
    } else columnIds.set(name, addColumn(doc, editor, { projectId: project.id, name }));
  }
  for (const unused of starting.slice(names.length)) archiveColumn(doc, editor, unused);

  const sprintIds = new Map<string, string>();
  for (const task of plan.tasks) {
    if (task.sprint !== null && !sprintIds.has(task.sprint)) {
      sprintIds.set(task.sprint, createSprint(doc, editor, { projectId: project.id, name: task.sprint }));
    }
  }
  let checklistItems = 0;
  let comments = 0;
  for (const task of plan.tasks) {
    const assignee = task.assignee ? (matchMember(task.assignee, members)?.userId ?? null) : null;
    const id = createTask(doc, at(task.createdAt), {
      projectId: project.id,
      columnId: columnIds.get(mapping[task.status] as string),
      title: task.title,
      description: task.description,
      priority: task.priority,
      type: task.type,
      labels: task.labels,
      assignee,
      deadline: task.deadline,
      estimate: task.estimate,
      sprintId: task.sprint === null ? null : (sprintIds.get(task.sprint) ?? null),
    });
    for (const item of task.checklist) {
      const itemId = addChecklistItem(doc, editor, id, item.text);
      if (item.done) setChecklistItemDone(doc, editor, id, itemId, true);
      checklistItems += 1;
    }
    for (const comment of task.comments) {
      addComment(doc, at(comment.createdAt), id, comment.body);
      comments += 1;
    }
  }
  return {
    projectId: project.id,
    projectKey: project.key,
    projectName: project.name,
    columns: names,
    created: plan.tasks.length,
    checklistItems,
    comments,
    sprints: sprintIds.size,
    skipped: [...plan.skipped, ...assigneeNotes(plan, members)],
  };
}
