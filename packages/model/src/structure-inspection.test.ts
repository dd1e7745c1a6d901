/**
 * Issue 14 through sync: what a member writes for types, subtasks, epics, checklists and links is
 * accepted, and a link names its creator as the sender (SPEC M17, M18; update-inspection-rules.ts).
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
import type { Editor } from './doc.ts';
import { addLink, removeLink } from './links.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { readLinks } from './structure.ts';
import { createTask, updateTask } from './tasks.ts';
import { editor, replicaOf, seeded } from './testing/fixtures.ts';
import { inspectUpdate } from './update-inspection.ts';
import { type Forgery, findForgery } from './update-inspection-rules.ts';

const ANN = { id: 'ann', name: 'Ann' };

function judged(server: Y.Doc, edit: (doc: Y.Doc, ann: Editor) => void): Forgery['reason'] | null {
  const client = replicaOf(server);
  edit(client, editor('ann'));
  const r = inspectUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
  if (!r.ok) throw new Error(`not integrable: ${r.reason}`);
  return findForgery(server, r.writes, ANN)?.reason ?? null;
}

function workspace() {
  const server = seeded();
  const bob = editor('bob');
  const epic = createTask(server, bob, { projectId: FIRST_PROJECT_ID, title: 'Epic', type: 'epic' });
  const a = createTask(server, bob, { projectId: FIRST_PROJECT_ID, title: 'A' });
  const b = createTask(server, bob, { projectId: FIRST_PROJECT_ID, title: 'B' });
  const item = addChecklistItem(server, bob, a, 'Bob’s item');
  const link = addLink(server, bob, a, 'blocks', b);
  return { server, epic, a, b, item, link };
}

const task = (d: Y.Doc, id: string) => d.getMap('tasks').get(id) as Y.Map<unknown>;

describe('issue 14 structure through sync', () => {
  it('M17: a member’s structure edits through the model pass, on anyone’s task and item', () => {
    const { server, epic, a, b, item, link } = workspace();
    const ops: ((d: Y.Doc, ann: Editor) => void)[] = [
      (d, ann) => updateTask(d, ann, a, { type: 'bug', epicId: epic }),
      (d, ann) => updateTask(d, ann, b, { parentId: a }),
      (d, ann) =>
        createTask(d, ann, { projectId: FIRST_PROJECT_ID, title: 'Sub', parentId: a, type: 'story' }),
      (d, ann) => {
        const mine = addChecklistItem(d, ann, a, 'mine');
        setChecklistItemDone(d, ann, a, mine, true);
        moveChecklistItem(d, ann, a, mine, 0);
        removeChecklistItem(d, ann, a, mine);
      },
      (d, ann) => renameChecklistItem(d, ann, a, item, 'renamed'),
      (d, ann) => setChecklistItemDone(d, ann, a, item, true),
      (d, ann) => removeChecklistItem(d, ann, a, item),
      (d, ann) => addLink(d, ann, b, 'is duplicated by', epic),
      (d, ann) => removeLink(d, ann, a, link),
    ];
    for (const op of ops) expect(judged(server, op)).toBeNull();
    expect(
      judged(server, (d, ann) => {
        for (const op of ops) op(d, ann);
      }),
    ).toBeNull();
  });

  it('M17: a link names the sender as its creator, and is never rewritten', () => {
    const { server, a, b, link } = workspace();
    expect(judged(server, (d) => addLink(d, editor('bob'), a, 'relates to', b))).toBe('forged-identity');
    expect(
      judged(server, (d) => task(d, a).set('link:x', { type: 'blocks', targetId: b, createdBy: 'carol' })),
    ).toBe('forged-identity');
    expect(judged(server, (d) => task(d, a).set('link:x', { type: 'blocks', targetId: b }))).toBe(
      'forged-identity',
    );
    // Replacing Bob's link with one of Ann's: a link never changes.
    expect(
      judged(server, (d) =>
        task(d, a).set(`link:${link}`, { type: 'relates', targetId: b, createdBy: 'ann' }),
      ),
    ).toBe('not-writable');
    // A nested type under a link key, written into.
    expect(
      judged(server, (d) => {
        const m = new Y.Map<unknown>();
        task(d, a).set('link:y', m);
        m.set('createdBy', 'ann');
      }),
    ).not.toBeNull();
    expect(readLinks(server, b).map((l) => l.relation)).toEqual(['is blocked by']);
  });
});
