/**
 * The backlog view of one project: every sprint that is not completed (the active one first), then
 * the backlog, each in plan order with its summed estimate (SPEC M22). Dragging a task, with the
 * pointer or the keyboard, ends in one `planTask` (a sprint or the backlog, and an index there);
 * several selected tasks move together to the end of the chosen list. All of it is local Yjs
 * writes, so it works offline like the board.
 */
import {
  type CollisionDetection,
  closestCenter,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import {
  createTask,
  type PlannedTask,
  type Project,
  planTask,
  readBoard,
  readColumns,
  readPlan,
  taskKey,
} from '@taskflow/model';
import { type FormEvent, useCallback, useMemo, useRef, useState } from 'react';
import { TaskDetail } from '../components/task-detail.tsx';
import { COLUMN_DROP_PREFIX } from '../dnd/drop-target.ts';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { attempt } from '../hooks/use-error-banner.ts';
import { CompleteSprintDialog } from '../planning/complete-sprint-dialog.tsx';
import { formatWeight, sumWeights } from '../planning/estimates.ts';
import { type PlanLookup, planAnnouncements, planInstructions } from '../planning/plan-announcements.ts';
import { BACKLOG_LIST, type PlanList as DropList, listId, planTarget } from '../planning/plan-drop.ts';
import { PlanList } from '../planning/plan-list.tsx';
import { PlanRowBody, type RowContext } from '../planning/plan-row.tsx';
import { SprintSection } from '../planning/sprint-section.tsx';
import { ProjectKeyContext } from '../planning/task-key.tsx';
import { useTaskInAddress } from '../task-panel/use-task-in-address.ts';
import { useWorkspace } from '../workspace-context.ts';

type Place = { task: PlannedTask; list: string; position: number };
type Lists = { drop: DropList[]; names: Map<string, string>; places: Map<string, Place> };

const BACKLOG_NAME = 'Backlog';
const END = Number.MAX_SAFE_INTEGER;

// Made once: new option objects on each render give every row new listeners, so every row re-renders.
const POINTER_OPTIONS = { activationConstraint: { distance: 6 } };
const KEYBOARD_OPTIONS = { coordinateGetter: sortableKeyboardCoordinates };

export function BacklogView({ project }: { project: Project }) {
  const { workspace, editor, readOnly } = useWorkspace();
  const doc = workspace.doc;
  const plan = useDocQuery(doc, (d) => readPlan(d, project.id), [project.id]);
  const columns = useDocQuery(doc, (d) => readColumns(d, project.id), [project.id]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [moveTo, setMoveTo] = useState('');
  const [activeId, setActiveId] = useState<string | null>(null);
  const { taskId: openTaskId, open: openTask, close: closeTask } = useTaskInAddress();
  const [completing, setCompleting] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const board = useDocQuery(doc, (d) => (openTaskId ? readBoard(d, project.id) : undefined), [
    openTaskId,
    project.id,
  ]);

  // The active sprint first, then the planned ones in the order they were created.
  const open = useMemo(
    () =>
      plan.sprints
        .filter((s) => s.state !== 'closed')
        .sort((a, b) => (a.state === 'active' ? -1 : 0) - (b.state === 'active' ? -1 : 0)),
    [plan.sprints],
  );
  const activeName = open.find((s) => s.state === 'active')?.name ?? null;

  const lists = useMemo<Lists>(() => {
    const all = [
      ...open.map((s) => ({ id: listId(s.id), name: s.name, tasks: plan.bySprint.get(s.id) ?? [] })),
      { id: BACKLOG_LIST, name: BACKLOG_NAME, tasks: plan.backlog },
    ];
    const places = new Map<string, Place>();
    for (const l of all) {
      for (const [i, task] of l.tasks.entries()) places.set(task.id, { task, list: l.name, position: i + 1 });
    }
    return {
      drop: all.map((l) => ({ id: l.id, taskIds: l.tasks.map((t) => t.id) })),
      names: new Map(all.map((l) => [l.id, l.name])),
      places,
    };
  }, [open, plan]);
  const latest = useRef(lists);
  latest.current = lists;

  const columnNames = useMemo(() => new Map(columns.map((c) => [c.id, c.name])), [columns]);
  const row = useMemo<RowContext>(
    () => ({
      projectKey: project.key,
      unit: project.estimationUnit,
      columnName: (id) => columnNames.get(id) ?? '',
      readOnly,
      isSelected: (id) => selected.has(id),
      onSelect: (id, on) =>
        setSelected((prev) => {
          const next = new Set(prev);
          if (on) next.add(id);
          else next.delete(id);
          return next;
        }),
      onOpen: openTask,
    }),
    [project.key, project.estimationUnit, columnNames, readOnly, selected, openTask],
  );

  const sensors = useSensors(
    useSensor(PointerSensor, POINTER_OPTIONS),
    useSensor(KeyboardSensor, KEYBOARD_OPTIONS),
  );
  const accessibility = useMemo(() => {
    const lookup: PlanLookup = {
      taskName: (id) => {
        const task = latest.current.places.get(id)?.task;
        return task ? `${taskKey(project.key, task).text} ${task.title}` : 'task';
      },
      placeOf: (id) => {
        if (id.startsWith(COLUMN_DROP_PREFIX)) {
          const name = latest.current.names.get(id.slice(COLUMN_DROP_PREFIX.length));
          return name ? { list: name, position: null } : undefined;
        }
        const place = latest.current.places.get(id);
        return place ? { list: place.list, position: place.position } : undefined;
      },
    };
    return { announcements: planAnnouncements(lookup), screenReaderInstructions: planInstructions };
  }, [project.key]);
  // The pointer decides while there is one; the keyboard moves the dragged rect onto its target.
  const collisionDetection = useCallback<CollisionDetection>((args) => {
    const pointer = pointerWithin(args);
    return pointer.length > 0 ? pointer : closestCenter(args);
  }, []);

  const onDragStart = useCallback((e: DragStartEvent) => setActiveId(String(e.active.id)), []);
  const onDragCancel = useCallback(() => setActiveId(null), []);
  const onDragEnd = useCallback(
    (e: DragEndEvent) => {
      setActiveId(null);
      if (!e.over) return;
      const target = planTarget(latest.current.drop, String(e.active.id), String(e.over.id));
      if (target) attempt(() => planTask(doc, editor, String(e.active.id), target));
    },
    [doc, editor],
  );

  // Selected tasks that are still in a list, in the order they are shown.
  const chosen = lists.drop.flatMap((l) => l.taskIds.filter((id) => selected.has(id)));
  const targets = [
    ...open.map((s) => ({ id: s.id, name: s.name })),
    { id: BACKLOG_LIST, name: BACKLOG_NAME },
  ];
  const moveTarget = targets.find((t) => t.id === moveTo) ?? targets[0];
  const moveSelected = () => {
    if (!moveTarget) return;
    const sprintId = moveTarget.id === BACKLOG_LIST ? null : moveTarget.id;
    const moved = attempt(() => {
      for (const id of chosen) planTask(doc, editor, id, { sprintId, index: END });
    });
    if (moved) setSelected(new Set());
  };

  const addTask = (e: FormEvent) => {
    e.preventDefault();
    if (title.trim() && attempt(() => createTask(doc, editor, { projectId: project.id, title })))
      setTitle('');
  };

  const active = activeId ? lists.places.get(activeId)?.task : undefined;

  return (
    <ProjectKeyContext.Provider value={project.key}>
      {chosen.length > 0 && !readOnly && (
        <div className="plan-selection" role="toolbar" aria-label="Selected tasks">
          <span>
            {chosen.length} selected ·{' '}
            {formatWeight(
              sumWeights(
                chosen.flatMap((id) => {
                  const t = lists.places.get(id)?.task;
                  return t ? [t] : [];
                }),
                project.estimationUnit,
              ),
              project.estimationUnit,
            )}
          </span>
          <label className="inline-field">
            <span>Move to sprint…</span>
            <select
              aria-label="Move selected tasks to"
              value={moveTarget?.id ?? ''}
              onChange={(e) => setMoveTo(e.target.value)}
            >
              {targets.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="primary" onClick={moveSelected}>
            Move {chosen.length} {chosen.length === 1 ? 'task' : 'tasks'}
          </button>
          <button type="button" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        </div>
      )}
      <DndContext
        sensors={sensors}
        collisionDetection={collisionDetection}
        accessibility={accessibility}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={onDragCancel}
      >
        <div className={`plan-lists${activeId ? ' dragging' : ''}`}>
          {open.map((sprint) => (
            <SprintSection
              key={sprint.id}
              sprint={sprint}
              tasks={plan.bySprint.get(sprint.id) ?? []}
              unit={project.estimationUnit}
              activeName={activeName}
              row={row}
              onComplete={setCompleting}
            />
          ))}
          <section className="plan-section plan-backlog" aria-label={BACKLOG_NAME}>
            <header className="plan-header">
              <h3>{BACKLOG_NAME}</h3>
              <span className="plan-count muted">
                {plan.backlog.length} {plan.backlog.length === 1 ? 'task' : 'tasks'}
              </span>
              <span className="plan-sum" title="Summed estimate">
                {formatWeight(sumWeights(plan.backlog, project.estimationUnit), project.estimationUnit)}
              </span>
            </header>
            <PlanList
              listId={BACKLOG_LIST}
              name={BACKLOG_NAME}
              tasks={plan.backlog}
              emptyText="Nothing waits in the backlog."
              row={row}
            />
            {!readOnly && (
              <form className="add-task plan-add" onSubmit={addTask}>
                <input
                  aria-label="New task in the backlog"
                  placeholder="Add a task to the backlog…"
                  value={title}
                  onChange={(e) => setTitle(e.target.value)}
                  maxLength={500}
                />
                <button type="submit" disabled={!title.trim()}>
                  Add
                </button>
              </form>
            )}
          </section>
        </div>
        <DragOverlay>
          {active ? (
            <div className="plan-task dragging-overlay">
              <PlanRowBody task={active} row={row} />
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
      {completing && (
        <CompleteSprintDialog
          projectId={project.id}
          sprintId={completing}
          onClose={() => setCompleting(null)}
        />
      )}
      {openTaskId && board && <TaskDetail taskId={openTaskId} board={board} onClose={closeTask} />}
    </ProjectKeyContext.Provider>
  );
}
