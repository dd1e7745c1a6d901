/** Issue 14: types, subtasks, epics, checklists and links through the model's operations. */
import { describe, expect, it } from 'vitest';
import { readTask } from './board.ts';
import {
  addChecklistItem,
  moveChecklistItem,
  removeChecklistItem,
  renameChecklistItem,
  setChecklistItemDone,
} from './checklists.ts';
import { addLink, removeLink } from './links.ts';
import { createProject } from './projects.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import {
  checklistProgress,
  effectiveEpicId,
  effectiveParentId,
  readCardStructure,
  readChecklist,
  readEpics,
  readEpicTasks,
  readLinks,
  readSubtasks,
  subtaskProgress,
} from './structure.ts';
import { archiveTask, createTask, moveTask, updateTask } from './tasks.ts';
import { columnIds, editor, replicaOf, seeded, syncAll, T0 } from './testing/fixtures.ts';
import { UndoHistory } from './undo.ts';

let clock = T0;
/** A clock that ticks per write, so creation order is the order tasks are made in. */
const ann = editor('ann', () => (clock += 1000));
const P = FIRST_PROJECT_ID;

function board() {
  const doc = seeded();
  const task = (title: string, extra: object = {}) => createTask(doc, ann, { projectId: P, title, ...extra });
  return { doc, task };
}

describe('issue types', () => {
  it('a task is a task until its type is set; the type is an ordinary field', () => {
    const { doc, task } = board();
    const a = task('A');
    expect(readTask(doc, a)?.type).toBe('task');
    updateTask(doc, ann, a, { type: 'bug' });
    expect(readTask(doc, a)?.type).toBe('bug');
    const b = task('B', { type: 'story' });
    expect(readTask(doc, b)?.type).toBe('story');
    expect(() => updateTask(doc, ann, a, { type: 'subtask' as never })).toThrow();
  });
});

describe('undo', () => {
  it('undoes a type, a parent and an epic set on a task made before types existed, as one step', () => {
    const { doc, task } = board();
    const epic = task('Epic', { type: 'epic' });
    const parent = task('Parent');
    const t = task('T');
    const history = new UndoHistory(doc, 'ann', { now: () => (clock += 1000) });
    updateTask(doc, ann, t, { type: 'bug', parentId: parent, epicId: epic });
    expect(readSubtasks(doc, parent).map((x) => x.id)).toEqual([t]);
    history.undo();
    expect(readTask(doc, t)).toMatchObject({ type: 'task', parentId: null, epicId: null });
    expect(readSubtasks(doc, parent)).toEqual([]);
    history.redo();
    expect(readTask(doc, t)).toMatchObject({ type: 'bug', parentId: parent, epicId: epic });
  });
});

describe('subtasks', () => {
  it('lists subtasks oldest first and counts progress by the last column', () => {
    const { doc, task } = board();
    const parent = task('Parent');
    const s1 = task('One', { parentId: parent });
    const s2 = task('Two');
    updateTask(doc, ann, s2, { parentId: parent });
    expect(readSubtasks(doc, parent).map((t) => t.title)).toEqual(['One', 'Two']);
    expect(subtaskProgress(doc, parent)).toEqual({ done: 0, total: 2 });
    const done = columnIds(doc).at(-1) as string;
    moveTask(doc, ann, s1, done, 0);
    expect(subtaskProgress(doc, parent)).toEqual({ done: 1, total: 2 });
    expect(readCardStructure(doc, parent)?.subtasks).toEqual({ done: 1, total: 2 });
    archiveTask(doc, ann, s2);
    expect(subtaskProgress(doc, parent)).toEqual({ done: 1, total: 1 });
    updateTask(doc, ann, s1, { parentId: null });
    expect(subtaskProgress(doc, parent)).toEqual({ done: 0, total: 0 });
  });

  it('refuses itself, another project, archived parents, a second level, and an epic as a subtask', () => {
    const { doc, task } = board();
    const parent = task('Parent');
    const child = task('Child', { parentId: parent });
    const other = createProject(doc, ann, { name: 'Other' }).id;
    const elsewhere = createTask(doc, ann, { projectId: other, title: 'Elsewhere' });
    expect(() => updateTask(doc, ann, parent, { parentId: parent })).toThrow(/own subtask/);
    expect(() => updateTask(doc, ann, elsewhere, { parentId: parent })).toThrow(/project/);
    expect(() => task('Grandchild', { parentId: child })).toThrow(/cannot have subtasks/);
    expect(() => updateTask(doc, ann, parent, { parentId: task('X') })).toThrow(/with subtasks/);
    expect(() => task('Epic child', { parentId: parent, type: 'epic' })).toThrow(/epic/);
    const archived = task('Gone');
    archiveTask(doc, ann, archived);
    expect(() => updateTask(doc, ann, task('Y'), { parentId: archived })).toThrow(/archived/);
    expect(() => updateTask(doc, ann, child, { type: 'epic' })).toThrow(/subtask cannot be an epic/);
  });

  it('two people making each other’s task a subtask offline: no cycle, both stand alone', () => {
    const { doc, task } = board();
    const a = task('A');
    const b = task('B');
    const other = replicaOf(doc);
    updateTask(doc, ann, a, { parentId: b });
    updateTask(other, editor('bob'), b, { parentId: a });
    syncAll(doc, other);
    for (const d of [doc, other]) {
      expect(effectiveParentId(d, a)).toBeNull();
      expect(effectiveParentId(d, b)).toBeNull();
      expect(readSubtasks(d, a)).toEqual([]);
    }
  });
});

describe('epics', () => {
  it('links tasks of any project to an epic and lists them with progress; only epics are epics', () => {
    const { doc, task } = board();
    const epic = task('Launch', { type: 'epic' });
    const a = task('A', { epicId: epic });
    const other = createProject(doc, ann, { name: 'Other' }).id;
    const b = createTask(doc, ann, { projectId: other, title: 'B' });
    updateTask(doc, ann, b, { epicId: epic });
    expect(readEpicTasks(doc, epic).map((t) => t.title)).toEqual(['A', 'B']);
    expect(readEpics(doc).map((e) => e.title)).toEqual(['Launch']);
    expect(readCardStructure(doc, a)?.epic).toBe('Launch');
    expect(() => updateTask(doc, ann, b, { epicId: a })).toThrow(/not an epic/);
    expect(() => updateTask(doc, ann, epic, { epicId: epic })).toThrow(/epic/);
    // A task in an epic that becomes an epic leaves it, in the same change.
    updateTask(doc, ann, a, { type: 'epic' });
    expect(readTask(doc, a)?.epicId).toBeNull();
    expect(readEpicTasks(doc, epic).map((t) => t.title)).toEqual(['B']);
    // An epic turned back into a task: its tasks no longer count as in it.
    updateTask(doc, ann, epic, { type: 'task' });
    expect(effectiveEpicId(doc, b)).toBeNull();
  });
});

describe('checklists', () => {
  it('adds, renames, ticks, reorders and removes items; progress follows', () => {
    const { doc, task } = board();
    const t = task('T');
    const one = addChecklistItem(doc, ann, t, 'one');
    const two = addChecklistItem(doc, ann, t, 'two');
    const three = addChecklistItem(doc, ann, t, ' three ');
    expect(readChecklist(doc, t).map((i) => i.text)).toEqual(['one', 'two', 'three']);
    setChecklistItemDone(doc, ann, t, two, true);
    expect(checklistProgress(doc, t)).toEqual({ done: 1, total: 3 });
    renameChecklistItem(doc, ann, t, one, 'first');
    moveChecklistItem(doc, ann, t, three, 0);
    expect(readChecklist(doc, t).map((i) => i.text)).toEqual(['three', 'first', 'two']);
    removeChecklistItem(doc, ann, t, two);
    expect(checklistProgress(doc, t)).toEqual({ done: 0, total: 2 });
    expect(readCardStructure(doc, t)?.checklist).toEqual({ done: 0, total: 2 });
    expect(() => addChecklistItem(doc, ann, t, '   ')).toThrow();
    expect(() => setChecklistItemDone(doc, ann, t, two, true)).toThrow(/removed/);
  });

  it('a rename and a tick of one item by two people at once both survive', () => {
    const { doc, task } = board();
    const t = task('T');
    const item = addChecklistItem(doc, ann, t, 'draft');
    const other = replicaOf(doc);
    renameChecklistItem(doc, ann, t, item, 'final');
    setChecklistItemDone(other, editor('bob'), t, item, true);
    addChecklistItem(other, editor('bob'), t, 'more');
    syncAll(doc, other);
    expect(readChecklist(doc, t)).toEqual(readChecklist(other, t));
    expect(readChecklist(doc, t).map((i) => [i.text, i.done])).toEqual([
      ['final', true],
      ['more', false],
    ]);
  });
});

describe('links', () => {
  it('A blocks B reads as B is blocked by A; removal from either side', () => {
    const { doc, task } = board();
    const a = task('A');
    const b = task('B');
    const c = task('C');
    const link = addLink(doc, ann, a, 'blocks', b);
    addLink(doc, ann, c, 'is duplicated by', b);
    addLink(doc, ann, a, 'relates to', c);
    expect(
      readLinks(doc, a)
        .map((l) => [l.relation, l.taskId])
        .sort(),
    ).toEqual(
      [
        ['blocks', b],
        ['relates to', c],
      ].sort(),
    );
    expect(
      readLinks(doc, b)
        .map((l) => [l.relation, l.taskId])
        .sort(),
    ).toEqual(
      [
        ['is blocked by', a],
        ['duplicates', c],
      ].sort(),
    );
    expect(
      readLinks(doc, c)
        .map((l) => [l.relation, l.taskId])
        .sort(),
    ).toEqual(
      [
        ['is duplicated by', b],
        ['relates to', a],
      ].sort(),
    );
    expect(() => addLink(doc, ann, a, 'blocks', b)).toThrow(/already/);
    expect(() => addLink(doc, ann, a, 'blocks', a)).toThrow(/itself/);
    const seen = readLinks(doc, b).find((l) => l.relation === 'is blocked by');
    expect(seen?.linkId).toBe(link);
    removeLink(doc, ann, seen?.sourceId as string, link);
    expect(readLinks(doc, b).map((l) => l.relation)).toEqual(['duplicates']);
    expect(readLinks(doc, a).map((l) => l.relation)).toEqual(['relates to']);
  });
});
