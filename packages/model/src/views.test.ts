/**
 * Issue 14: saved views. What each operation writes and who may make it, what readers see (a
 * personal view only by its creator, deleted and malformed ones by nobody), and replicas that
 * create, rename and delete views in random order converging on the same list.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { viewsMap } from './doc.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { editor, replicaOf, seeded, syncAll } from './testing/fixtures.ts';
import { createView, deleteView, readView, readViews, renameView } from './views.ts';

const ann = editor('ann');
const bob = editor('bob');
const input = (name: string, shared: boolean, query = 'assignee=me') => ({
  projectId: FIRST_PROJECT_ID,
  name,
  query,
  shared,
});
const names = (doc: Y.Doc, me: string) => readViews(doc, FIRST_PROJECT_ID, me).map((v) => v.name);

describe('saved views', () => {
  it('keeps the filter in canonical form, and lists personal views only for their creator', () => {
    const doc = seeded();
    const own = createView(doc, ann, input('Mine', false, 'due=today&assignee=me&priority=urgent&x=1'));
    createView(doc, bob, input('Team', true));
    expect(readView(doc, own)).toMatchObject({
      query: 'assignee=me&due=today',
      createdBy: 'ann',
      shared: false,
    });
    expect(names(doc, 'ann')).toEqual(['Mine', 'Team']);
    expect(names(doc, 'bob')).toEqual(['Team']);
    expect(readViews(doc, 'other-project', 'ann')).toEqual([]);
  });

  it('a personal view is changed only by its creator; a shared one by anyone', () => {
    const doc = seeded();
    const own = createView(doc, ann, input('Mine', false));
    const team = createView(doc, ann, input('Team', true));
    expect(() => renameView(doc, bob, own, 'Bob’s')).toThrow(/creator/);
    expect(() => deleteView(doc, bob, own)).toThrow(/creator/);
    renameView(doc, bob, team, 'Our view');
    renameView(doc, ann, own, 'Still mine');
    expect(names(doc, 'ann')).toEqual(['Our view', 'Still mine']);
    deleteView(doc, bob, team);
    expect(names(doc, 'ann')).toEqual(['Still mine']);
    // Deleting leaves a tombstone, not a hole (SPEC M2).
    expect(viewsMap(doc).get(team)?.get('deletedAt')).toEqual(expect.any(String));
    expect(() => renameView(doc, ann, team, 'Back')).toThrow(/does not exist/);
  });

  it('refuses a blank name and an unknown project', () => {
    const doc = seeded();
    expect(() => createView(doc, ann, input('  ', false))).toThrow(/name/);
    expect(() => createView(doc, ann, { ...input('x', true), projectId: 'nope' })).toThrow(/project/);
  });

  it('ignores a malformed stored view', () => {
    const doc = seeded();
    const id = createView(doc, ann, input('Fine', true));
    viewsMap(doc).get(id)?.set('shared', 'yes');
    expect(names(doc, 'ann')).toEqual([]);
  });

  it('replicas that create, rename and delete views in any order converge', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(2), fc.nat(3), fc.nat(5), fc.boolean()), { minLength: 1, maxLength: 25 }),
        (steps) => {
          const base = seeded();
          const people = ['ann', 'bob', 'cy'];
          const docs = people.map(() => replicaOf(base));
          steps.forEach(([who, what, pick, shared], i) => {
            const doc = docs[who] as Y.Doc;
            const me = editor(people[who] as string);
            const ids = [...viewsMap(doc).keys()].sort();
            const target = ids[pick % Math.max(1, ids.length)];
            try {
              if (what === 0 || !target) createView(doc, me, input(`v${i}`, shared));
              else if (what === 1) renameView(doc, me, target, `r${i}`);
              else if (what === 2) deleteView(doc, me, target);
              else syncAll(...docs);
            } catch {
              // Someone else's personal view, or a deleted one: refused, as for a person.
            }
          });
          syncAll(...docs);
          for (const person of people) {
            const lists = docs.map((d) => readViews(d, FIRST_PROJECT_ID, person));
            for (const list of lists) expect(list).toEqual(lists[0]);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
