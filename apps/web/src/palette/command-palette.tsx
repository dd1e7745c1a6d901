/**
 * The command palette (issue 14, Linear's Cmd+K): one field to jump to a task by key or words, to a
 * project or a view, or to act on the task in context (open in the panel, else selected on the
 * board). An ARIA combobox: the field keeps focus, arrows move the active option
 * (aria-activedescendant), Enter or a click runs it, Escape closes. A modal <dialog>, so it opens
 * above the task panel (itself modal) and focus comes back to where it was.
 *
 * The search runs in the model (task-search.ts) on every keystroke and change of the document; it
 * costs what the in-memory index costs, not a read of the board.
 */
import {
  archiveTask,
  liveColumns,
  moveTask,
  readColumns,
  readTask,
  searchTasks,
  taskIndex,
  taskSearch,
  updateTask,
} from '@taskflow/model';
import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { attempt } from '../hooks/use-error-banner.ts';
import { useWorkspaceProject } from '../hooks/use-workspace-project.ts';
import { navigate } from '../router/navigation.ts';
import {
  activityPath,
  backlogPath,
  boardPath,
  browsePath,
  listPath,
  membersPath,
  myWorkPath,
  reportsPath,
  taskPath,
} from '../router/route.ts';
import { useWorkspace } from '../workspace-context.ts';
import { useContextTaskId } from './open-task.ts';
import {
  type PaletteAction,
  type PaletteItem,
  type PaletteView,
  paletteGroups,
  type TaskContext,
} from './palette-items.ts';

type Props = {
  /** The view showing now: picking a project stays on a project view, else goes to the board. */
  view: string | undefined;
  onClose: () => void;
};

/** The task in context (open-task.ts), as the actions need it; null without one. */
function readContext(doc: Y.Doc, taskId: string | null, me: string): TaskContext | null {
  const task = taskId === null ? undefined : readTask(doc, taskId);
  if (!task) return null;
  return {
    task: {
      id: task.id,
      title: task.title,
      assignee: task.assignee,
      priority: task.priority,
      archived: task.archivedAt !== null,
    },
    columnId: task.columnId,
    columns: liveColumns(readColumns(doc, task.projectId)).map((c) => ({ id: c.id, name: c.name })),
    me,
  };
}

function viewPath(workspaceId: string, view: PaletteView): string {
  switch (view) {
    case 'board':
      return boardPath(workspaceId);
    case 'backlog':
      return backlogPath(workspaceId);
    case 'list':
      return listPath(workspaceId);
    case 'my-work':
      return myWorkPath(workspaceId);
    case 'reports':
      return reportsPath(workspaceId);
    case 'activity':
      return activityPath(workspaceId);
    case 'members':
      return membersPath(workspaceId);
    case 'settings':
      return '/settings';
  }
}

export function CommandPalette({ view, onClose }: Props) {
  const { workspace, editor, actorId, readOnly } = useWorkspace();
  const { doc } = workspace;
  const { projects, project, chooseProject } = useWorkspaceProject();
  const contextTaskId = useContextTaskId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const projectId = project?.id ?? null;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  // The index is built once per document (a walk: ~100 ms at 10,000 tasks): after the palette has
  // painted, while the person starts typing, rather than before it shows.
  useEffect(() => {
    const build = () => taskSearch(doc).prepare();
    if (typeof requestIdleCallback !== 'function') {
      const timer = setTimeout(build, 0);
      return () => clearTimeout(timer);
    }
    const idle = requestIdleCallback(build, { timeout: 200 });
    return () => cancelIdleCallback(idle);
  }, [doc]);
  const hits = useDocQuery(doc, (d) => (query.trim() === '' ? [] : searchTasks(d, query, { projectId })), [
    query,
    projectId,
  ]);
  // Viewers get no actions: the palette offers only what they may do.
  const context = useDocQuery(doc, (d) => (readOnly ? null : readContext(d, contextTaskId, actorId)), [
    readOnly,
    contextTaskId,
    actorId,
  ]);
  const groups = useMemo(() => {
    const live = projects.filter((p) => p.archivedAt === null);
    return paletteGroups({
      query,
      hits,
      projects: live,
      projectKeys: new Map(projects.map((p) => [p.id, p.key])),
      currentProjectId: projectId,
      context,
    });
  }, [query, hits, projects, projectId, context]);
  const items = useMemo(() => groups.flatMap((g) => g.items), [groups]);
  const current = Math.min(active, items.length - 1);
  const optionId = (i: number) => `${id}-option-${i}`;

  useEffect(() => {
    if (current >= 0) document.getElementById(optionId(current))?.scrollIntoView({ block: 'nearest' });
  });

  const act = (action: PaletteAction, taskId: string) => {
    switch (action.type) {
      case 'assign':
        return attempt(() => updateTask(doc, editor, taskId, { assignee: action.assignee }));
      case 'priority':
        return attempt(() => updateTask(doc, editor, taskId, { priority: action.priority }));
      case 'archive':
        return attempt(() => archiveTask(doc, editor, taskId));
      case 'move': {
        // To the bottom of the column, as a drop on its empty space does.
        const task = readTask(doc, taskId);
        const below = task ? taskIndex(doc).column(task.projectId, action.columnId).length : 0;
        return attempt(() => moveTask(doc, editor, taskId, action.columnId, below));
      }
    }
  };

  const run = (item: PaletteItem | undefined) => {
    if (!item) return;
    onClose();
    switch (item.kind) {
      case 'task':
        // A provisional key names no task yet (the server numbers it): the task's own link instead.
        navigate(
          /-\d+$/.test(item.key)
            ? browsePath(workspace.name, item.key)
            : taskPath(workspace.name, item.taskId),
        );
        return;
      case 'project':
        chooseProject(item.projectId);
        if (view !== 'board' && view !== 'backlog' && view !== 'reports') navigate(boardPath(workspace.name));
        return;
      case 'view':
        navigate(viewPath(workspace.name, item.view));
        return;
      case 'action':
        if (context) act(item.action, context.task.id);
        return;
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const last = items.length - 1;
    if (e.key === 'ArrowDown') setActive(current >= last ? 0 : current + 1);
    else if (e.key === 'ArrowUp') setActive(current <= 0 ? last : current - 1);
    else if (e.key === 'Home' && e.ctrlKey) setActive(0);
    else if (e.key === 'End' && e.ctrlKey) setActive(last);
    else if (e.key === 'Enter') run(items[current]);
    else if (e.key === 'Escape') onClose();
    else return;
    e.preventDefault();
  };

  let index = 0;
  return (
    <dialog
      ref={ref}
      className="palette"
      aria-label="Command palette"
      onClose={onClose}
      // A click on the backdrop (the dialog element itself, outside its box) closes it.
      onClick={(e) => e.target === e.currentTarget && onClose()}
      onKeyDown={(e) => e.key === 'Escape' && e.preventDefault()}
    >
      <input
        className="palette-input"
        role="combobox"
        aria-label="Search tasks, projects, views and actions"
        aria-expanded="true"
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={current >= 0 ? optionId(current) : undefined}
        placeholder={
          context
            ? 'Type a command, a task key like WEB-12, or words'
            : 'Task key like WEB-12, words, project or view'
        }
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        autoFocus
        spellCheck={false}
        autoComplete="off"
      />
      <div id={`${id}-list`} role="listbox" aria-label="Results" className="palette-list">
        {groups.map((group, g) => (
          // biome-ignore lint/a11y/useSemanticElements: a listbox's groups are role=group; a fieldset is not allowed in one.
          <div key={group.name} role="group" aria-labelledby={`${id}-group-${g}`} className="palette-group">
            <div id={`${id}-group-${g}`} className="palette-group-name" role="presentation">
              {group.name}
            </div>
            {group.items.map((item) => {
              const i = index++;
              return (
                // biome-ignore lint/a11y/useKeyWithClickEvents: keys go to the combobox field, which keeps focus (aria-activedescendant).
                <div
                  key={item.id}
                  tabIndex={-1}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === current}
                  className="palette-option"
                  onMouseMove={() => i !== current && setActive(i)}
                  // The field keeps focus: a click runs the option without blurring it first.
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => run(item)}
                >
                  {item.kind === 'task' && <span className="palette-key">{item.key}</span>}
                  <span className="palette-label">{item.label}</span>
                  {item.kind === 'task' && item.archived && <span className="palette-detail">Archived</span>}
                  {item.kind === 'project' && <span className="palette-detail">{item.detail}</span>}
                </div>
              );
            })}
          </div>
        ))}
      </div>
      {/* Outside the listbox (which holds only options): what a screen reader hears as the list changes. */}
      <p className={items.length === 0 ? 'palette-empty' : 'visually-hidden'} role="status">
        {items.length === 0
          ? `Nothing matches “${query.trim()}”.`
          : `${items.length} ${items.length === 1 ? 'result' : 'results'}`}
      </p>
    </dialog>
  );
}
