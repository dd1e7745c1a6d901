/**
 * Issue 14: several replicas making random subtask, epic, type, checklist and link edits, their
 * updates delivered in random order, end up reading the same structure, and what the readers
 * return never has a cycle (no task its own ancestor, no subtask of a subtask, no epic in an epic).
 */
import fc from 'fast-check';
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
import { ModelError } from './errors.ts';
import { addLink, removeLink } from './links.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import {
  effectiveEpicId,
  effectiveParentId,
  readCardStructure,
  readChecklist,
  readLinks,
  subtaskIds,
} from './structure.ts';
import { LINK_RELATIONS, type LinkRelation } from './structure-stored.ts';
import { createTask, updateTask } from './tasks.ts';
import { editor, replicaOf, seeded } from './testing/fixtures.ts';

const TASKS = 6;
const TYPES = ['task', 'bug', 'story', 'epic'] as const;

type Op =
  | { kind: 'parent'; t: number; p: number | null }
  | { kind: 'type'; t: number; type: (typeof TYPES)[number] }
  | { kind: 'epic'; t: number; e: number | null }
  | { kind: 'add-item'; t: number; text: string }
  | { kind: 'item'; t: number; pick: number; action: 'toggle' | 'rename' | 'remove' | 'move'; to: number }
  | { kind: 'link'; t: number; u: number; relation: LinkRelation }
  | { kind: 'unlink'; t: number; pick: number };

const task = fc.nat({ max: TASKS - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('parent' as const), t: task, p: fc.option(task, { nil: null }) }),
  fc.record({ kind: fc.constant('type' as const), t: task, type: fc.constantFrom(...TYPES) }),
  fc.record({ kind: fc.constant('epic' as const), t: task, e: fc.option(task, { nil: null }) }),
  fc.record({ kind: fc.constant('add-item' as const), t: task, text: fc.constantFrom('a', 'b', 'c') }),
  fc.record({
    kind: fc.constant('item' as const),
    t: task,
    pick: fc.nat(),
    action: fc.constantFrom('toggle', 'rename', 'remove', 'move'),
    to: fc.nat({ max: 4 }),
  }),
  fc.record({
    kind: fc.constant('link' as const),
    t: task,
    u: task,
    relation: fc.constantFrom(...LINK_RELATIONS),
  }),
  fc.record({ kind: fc.constant('unlink' as const), t: task, pick: fc.nat() }),
);

function apply(doc: Y.Doc, who: Editor, ids: string[], o: Op): void {
  const id = (i: number) => ids[i] as string;
  const t = id(o.t);
  try {
    switch (o.kind) {
      case 'parent':
        updateTask(doc, who, t, { parentId: o.p === null ? null : id(o.p) });
        return;
      case 'type':
        updateTask(doc, who, t, { type: o.type });
        return;
      case 'epic':
        updateTask(doc, who, t, { epicId: o.e === null ? null : id(o.e) });
        return;
      case 'add-item':
        addChecklistItem(doc, who, t, o.text);
        return;
      case 'item': {
        const items = readChecklist(doc, t);
        const item = items[o.pick % Math.max(1, items.length)];
        if (!item) return;
        if (o.action === 'toggle') setChecklistItemDone(doc, who, t, item.id, !item.done);
        else if (o.action === 'rename') renameChecklistItem(doc, who, t, item.id, `${item.text}!`);
        else if (o.action === 'remove') removeChecklistItem(doc, who, t, item.id);
        else moveChecklistItem(doc, who, t, item.id, o.to);
        return;
      }
      case 'link':
        addLink(doc, who, t, o.relation, id(o.u));
        return;
      case 'unlink': {
        const links = readLinks(doc, t);
        const link = links[o.pick % Math.max(1, links.length)];
        if (link) removeLink(doc, who, link.sourceId, link.linkId);
        return;
      }
    }
  } catch (e) {
    // Refused edits (a cycle, a second level, a duplicate link) are part of the game.
    if (!(e instanceof ModelError)) throw e;
  }
}

function structureOf(doc: Y.Doc, ids: string[]) {
  return ids.map((t) => ({
    parent: effectiveParentId(doc, t),
    epic: effectiveEpicId(doc, t),
    subtasks: subtaskIds(doc, t),
    checklist: readChecklist(doc, t),
    links: readLinks(doc, t),
    card: readCardStructure(doc, t),
  }));
}

function expectNoCycles(doc: Y.Doc, ids: string[]): void {
  for (const t of ids) {
    const parent = effectiveParentId(doc, t);
    if (parent !== null) {
      expect(parent).not.toBe(t);
      // One level: the parent stands alone, so no chain (and no loop) can form.
      expect(effectiveParentId(doc, parent)).toBeNull();
      expect(subtaskIds(doc, parent)).toContain(t);
    }
    for (const child of subtaskIds(doc, t)) expect(effectiveParentId(doc, child)).toBe(t);
    const epic = effectiveEpicId(doc, t);
    if (epic !== null) {
      expect(epic).not.toBe(t);
      expect(readCardStructure(doc, epic)?.type).toBe('epic');
      expect(effectiveEpicId(doc, epic)).toBeNull();
    }
  }
}

describe('issue 14: structure converges and never cycles', () => {
  it('random edits on three replicas, delivered in random order, converge without cycles', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 2 }), op), { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 60 }),
        fc.array(fc.tuple(fc.nat({ max: 2 }), fc.nat({ max: 2 })), { maxLength: 10 }),
        (ops, order, midSyncs) => {
          const origin = seeded();
          const ids = Array.from({ length: TASKS }, (_, i) =>
            createTask(origin, editor('seed'), { projectId: FIRST_PROJECT_ID, title: `T${i}` }),
          );
          const replicas = [0, 1, 2].map(() => replicaOf(origin));
          const sent: Uint8Array[][] = replicas.map(() => []);
          replicas.forEach((doc, i) => {
            doc.on('update', (u: Uint8Array, o: unknown) => {
              if (o !== 'remote') sent[i]?.push(u);
            });
          });
          const who = ['ann', 'bob', 'cy'].map((p) => editor(p));
          ops.forEach(([r, o], step) => {
            apply(replicas[r] as Y.Doc, who[r] as Editor, ids, o);
            // Some replicas catch up with another part-way, so later edits see earlier ones.
            const mid = midSyncs[step];
            if (mid && mid[0] !== mid[1]) {
              for (const u of sent[mid[0]] ?? []) Y.applyUpdate(replicas[mid[1]] as Y.Doc, u, 'remote');
            }
          });
          // Everything to everyone, in a random order of updates.
          const all = sent.flat();
          for (const doc of replicas) {
            const queue = [...all];
            let k = 0;
            while (queue.length > 0) {
              const [u] = queue.splice((order[k++ % order.length] ?? 0) % queue.length, 1);
              Y.applyUpdate(doc, u as Uint8Array, 'remote');
            }
          }
          const first = structureOf(replicas[0] as Y.Doc, ids);
          for (const doc of replicas) {
            expect(structureOf(doc, ids)).toEqual(first);
            expectNoCycles(doc, ids);
          }
        },
      ),
      { numRuns: Number(process.env.TF_RUNS ?? 150) },
    );
  });
});
