/**
 * Checklist items and links are undo steps like any field (issue 14): each edit one step, undone
 * and redone through the model's operations, never over someone else's later change, and every
 * update undo writes is one the server accepts from the person undoing.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addChecklistItem,
  moveChecklistItem,
  removeChecklistItem,
  renameChecklistItem,
  setChecklistItemDone,
} from './checklists.ts';
import { addLink, removeLink } from './links.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { readChecklist, readLinks } from './structure.ts';
import { createTask } from './tasks.ts';
import { editor, replicaOf, seeded, syncAll, T0 } from './testing/fixtures.ts';
import { UndoHistory } from './undo.ts';
import { inspectUpdate } from './update-inspection.ts';
import { findForgery } from './update-inspection-rules.ts';

const P = FIRST_PROJECT_ID;
const ann = editor('ann', T0 + 1_000);

function setup() {
  const server = seeded();
  const id = createTask(server, editor('bob'), { projectId: P, title: 'Fix login' });
  const other = createTask(server, editor('bob'), { projectId: P, title: 'Write tests' });
  const a = replicaOf(server);
  const history = new UndoHistory(a, 'ann', { now: () => T0 + 5_000 });
  return { server, a, id, other, history };
}

/** What the server would say to Ann sending everything `a` has that it has not. */
function judged(server: Y.Doc, a: Y.Doc): string | null {
  const r = inspectUpdate(server, Y.encodeStateAsUpdate(a, Y.encodeStateVector(server)));
  if (!r.ok) return r.reason;
  return findForgery(server, r.writes, { id: 'ann', name: 'Ann', admin: false })?.reason ?? null;
}

const items = (doc: Y.Doc, id: string) => readChecklist(doc, id).map((i) => `${i.text}${i.done ? ' ✓' : ''}`);

describe('checklist items and links are undo steps (issue 14)', () => {
  it('adding, renaming, ticking, moving and removing an item are each one step, undone and redone', () => {
    const { server, a, id, history } = setup();
    const one = addChecklistItem(a, ann, id, 'Reproduce');
    const two = addChecklistItem(a, ann, id, 'Fix');
    expect(history.state.undoLabel).toBe('checklist of “Fix login”');
    renameChecklistItem(a, ann, id, one, 'Reproduce on Safari');
    setChecklistItemDone(a, ann, id, one, true);
    moveChecklistItem(a, ann, id, two, 0);
    removeChecklistItem(a, ann, id, one);
    expect(items(a, id)).toEqual(['Fix']);
    const after = ['Fix'];
    const steps = [
      ['Fix', 'Reproduce on Safari ✓'],
      ['Reproduce on Safari ✓', 'Fix'],
      ['Reproduce on Safari', 'Fix'],
      ['Reproduce', 'Fix'],
      ['Reproduce'],
      [],
    ];
    for (const expected of steps) {
      expect(history.undo()?.applied).toBe(1);
      expect(items(a, id)).toEqual(expected);
      // Each update undo writes is one the server takes from Ann.
      expect(judged(server, a)).toBeNull();
      syncAll(server, a);
    }
    expect(history.canUndo).toBe(false);
    for (let n = 0; n < steps.length; n++) history.redo();
    expect(items(a, id)).toEqual(after);
    expect(judged(server, a)).toBeNull();
    // The item brought back by an undo is the same item: its id, so anyone's later edit of it lands.
    history.undo();
    expect(readChecklist(a, id).find((i) => i.text === 'Reproduce on Safari')?.id).toBe(one);
  });

  it('a link added or removed is one step; a link put back is made by the person undoing', () => {
    const { server, a, id, other, history } = setup();
    // Bob's link, removed by Ann: her undo makes it again, as hers (the server holds links to their sender).
    const bobs = addLink(server, editor('bob'), id, 'blocks', other);
    syncAll(server, a);
    const seen = () => readLinks(a, other).map((l) => `${l.relation} ${l.taskId === id ? 'Fix login' : '?'}`);
    removeLink(a, ann, id, bobs);
    expect(seen()).toEqual([]);
    expect(history.state.undoLabel).toBe('links of “Fix login”');
    history.undo();
    expect(seen()).toEqual(['is blocked by Fix login']);
    expect(judged(server, a)).toBeNull();
    syncAll(server, a);
    history.redo();
    expect(seen()).toEqual([]);
    syncAll(server, a);

    addLink(a, ann, other, 'relates to', id);
    expect(history.state.undoLabel).toBe('links of “Write tests”');
    history.undo();
    expect(readLinks(a, id)).toEqual([]);
    expect(judged(server, a)).toBeNull();
  });

  it('someone else’s later change to the item is left as it is', () => {
    const { a, id, history } = setup();
    const item = addChecklistItem(a, ann, id, 'Reproduce');
    renameChecklistItem(a, ann, id, item, 'Reproduce it');
    const b = replicaOf(a);
    renameChecklistItem(b, editor('bob', T0 + 2_000), id, item, 'Bob’s words');
    syncAll(a, b);
    expect(history.undo()?.changedSince).toBe(1);
    expect(items(a, id)).toEqual(['Bob’s words']);
  });
});
