/** What the palette lists for a query, and the one key that opens it (issue 14). */
import { createProject, createTask, numberTasks, searchTasks, seedWorkspace } from '@taskflow/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type PaletteInput, paletteGroups, type TaskContext } from './palette-items.ts';
import { isPaletteShortcut, type ShortcutEvent } from './palette-shortcut.ts';

const ada = { origin: { kind: 'user', actorId: 'ada' } } as const;

function workspace() {
  const doc = new Y.Doc();
  seedWorkspace(doc, { workspaceId: 'w', now: () => 0 });
  const web = createProject(doc, ada, { name: 'Web', key: 'WEB' });
  const ops = createProject(doc, ada, { name: 'Ops', key: 'OPS' });
  // Numbered in creation order (the clock tells them apart).
  const ids = ['Board filters', 'Fix the board crash', 'Onboarding emails'].map((title, i) =>
    createTask(doc, { ...ada, now: () => 1000 + i }, { projectId: web.id, title }),
  );
  numberTasks(doc, { origin: { kind: 'server', reason: 'repair' } });
  const projects = [web, ops];
  return { doc, web, ops, ids, projects };
}

const context: TaskContext = {
  task: { id: 't1', title: 'Board filters', assignee: null, priority: 'medium', archived: false },
  columnId: 'todo',
  columns: [
    { id: 'todo', name: 'To Do' },
    { id: 'doing', name: 'In Progress' },
    { id: 'done', name: 'Done' },
  ],
  me: 'ada',
};

function input(
  w: ReturnType<typeof workspace>,
  query: string,
  withContext: TaskContext | null,
): PaletteInput {
  return {
    query,
    hits: searchTasks(w.doc, query, { projectId: w.web.id }),
    projects: w.projects,
    projectKeys: new Map(w.projects.map((p) => [p.id, p.key])),
    currentProjectId: w.web.id,
    context: withContext,
  };
}

const labels = (groups: ReturnType<typeof paletteGroups>) =>
  groups.map((g) => [g.name, g.items.map((i) => (i.kind === 'task' ? `${i.key} ${i.label}` : i.label))]);

describe('palette items', () => {
  it('a blank query lists the actions on the task in context, the projects and the views', () => {
    const w = workspace();
    expect(labels(paletteGroups(input(w, '', context)))).toEqual([
      [
        'Actions on Board filters',
        [
          'Assign to me',
          'Move to In Progress',
          'Move to Done',
          'Set priority: Lowest',
          'Set priority: Low',
          'Set priority: High',
          'Set priority: Highest',
          'Archive task',
        ],
      ],
      ['Projects', ['Web', 'Ops']],
      ['Views', ['Board', 'Backlog', 'List', 'My work', 'Reports', 'Activity', 'Members', 'Settings']],
    ]);
  });

  it('no task in context (or a viewer): no actions', () => {
    const w = workspace();
    expect(paletteGroups(input(w, '', null)).map((g) => g.name)).toEqual(['Projects', 'Views']);
    expect(paletteGroups(input(w, 'assign', null))).toEqual([]);
  });

  it('an assigned task offers unassign; the current column and priority are not offered', () => {
    const w = workspace();
    const mine = { ...context, task: { ...context.task, assignee: 'ada', priority: 'high' as const } };
    const all = paletteGroups(input(w, '', mine))[0]?.items.map((i) => i.label) ?? [];
    expect(all).toContain('Unassign');
    expect(all).not.toContain('Assign to me');
    expect(all).not.toContain('Move to To Do');
    expect(all).not.toContain('Set priority: High');
    expect(all).toContain('Set priority: Medium');
  });

  it('the typed key comes first; then matching actions, projects, views, then the tasks found', () => {
    const w = workspace();
    expect(labels(paletteGroups(input(w, 'web-2', context)))[0]).toEqual([
      'Task',
      ['WEB-2 Fix the board crash'],
    ]);
    expect(labels(paletteGroups(input(w, 'board', context)))).toEqual([
      ['Views', ['Board']],
      ['Tasks', ['WEB-1 Board filters', 'WEB-2 Fix the board crash', 'WEB-3 Onboarding emails']],
    ]);
    expect(labels(paletteGroups(input(w, 'prio hi', context)))).toEqual([
      ['Actions on Board filters', ['Set priority: High', 'Set priority: Highest']],
    ]);
    expect(labels(paletteGroups(input(w, 'move done', context)))[0]).toEqual([
      'Actions on Board filters',
      ['Move to Done'],
    ]);
    expect(labels(paletteGroups(input(w, 'ops', null)))).toEqual([['Projects', ['Ops']]]);
    // Word starts, not substrings: `log` is no name for the Backlog view, `ward` none for Onboarding.
    expect(labels(paletteGroups(input(w, 'log', null)))).toEqual([]);
    expect(labels(paletteGroups(input(w, 'back', null)))).toEqual([['Views', ['Backlog']]]);
  });

  it('leaves out the tasks of a project that is not live (archived: no board to open them on)', () => {
    const w = workspace();
    const onlyOps = { ...input(w, 'board', null), projects: [w.ops] };
    expect(labels(paletteGroups(onlyOps))).toEqual([['Views', ['Board']]]);
    expect(labels(paletteGroups({ ...input(w, 'web-1', null), projects: [w.ops] }))).toEqual([]);
  });
});

describe('palette shortcut', () => {
  const key = (over: Partial<ShortcutEvent>): ShortcutEvent => ({
    key: 'k',
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    isComposing: false,
    ...over,
  });

  it('Ctrl+K and Cmd+K open it; a plain k, K, Ctrl+Shift+K, Ctrl+Alt+K or Ctrl+J do not', () => {
    expect(isPaletteShortcut(key({ ctrlKey: true }))).toBe(true);
    expect(isPaletteShortcut(key({ metaKey: true }))).toBe(true);
    expect(isPaletteShortcut(key({ ctrlKey: true, key: 'K' }))).toBe(true);
    expect(isPaletteShortcut(key({}))).toBe(false);
    expect(isPaletteShortcut(key({ key: 'K', shiftKey: true }))).toBe(false);
    expect(isPaletteShortcut(key({ ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isPaletteShortcut(key({ ctrlKey: true, altKey: true }))).toBe(false);
    expect(isPaletteShortcut(key({ ctrlKey: true, metaKey: true }))).toBe(false);
    expect(isPaletteShortcut(key({ ctrlKey: true, key: 'j' }))).toBe(false);
    expect(isPaletteShortcut(key({ ctrlKey: true, isComposing: true }))).toBe(false);
  });
});
