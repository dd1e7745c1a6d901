import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readTask } from './board.ts';
import { type LostEdit, observeLostEdits } from './lost-edits.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { createTask, updateTask } from './tasks.ts';
import { editor, replicaOf, seeded, syncAll, T0 } from './testing/fixtures.ts';

/** Sends everything `from` has that `to` lacks, as one update (one remote transaction). */
function send(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

function watch(doc: Y.Doc, actorId: string, mine: ReadonlySet<number> = new Set([doc.clientID])): LostEdit[] {
  const seen: LostEdit[] = [];
  observeLostEdits(
    doc,
    actorId,
    (client) => mine.has(client),
    (lost) => seen.push(...lost),
  );
  return seen;
}

function twoPeople() {
  const a = seeded();
  const id = createTask(a, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'Fix login' });
  const b = replicaOf(a);
  return { a, b, id };
}

describe('a title that lost to a concurrent one is told to its author (issue 14)', () => {
  it('two people retitle at once: the loser is told both texts and who won; the winner nothing', () => {
    const { a, b, id } = twoPeople();
    const toldA = watch(a, 'ann');
    const toldB = watch(b, 'bea');
    updateTask(a, editor('ann', T0 + 1000), id, { title: 'Fix the login page' });
    updateTask(b, editor('bea', T0 + 2000), id, { title: 'Fix login on mobile' });
    syncAll(a, b);
    const final = readTask(a, id)?.title;
    expect(readTask(b, id)?.title).toBe(final);
    const [loser, winner] = final === 'Fix the login page' ? [toldB, toldA] : [toldA, toldB];
    expect(winner).toEqual([]);
    expect(loser).toHaveLength(1);
    expect(loser[0]).toMatchObject({ taskId: id, field: 'title', theirs: final });
    expect(loser[0]?.mine).not.toBe(final);
    expect(loser[0]?.by).toBe(final === 'Fix the login page' ? 'ann' : 'bea');
  });

  it('an edit made after seeing mine is an ordinary change: nobody is told', () => {
    const { a, b, id } = twoPeople();
    const toldA = watch(a, 'ann');
    const toldB = watch(b, 'bea');
    updateTask(a, editor('ann', T0 + 1000), id, { title: 'Fix the login page' });
    send(a, b);
    updateTask(b, editor('bea', T0 + 2000), id, { title: 'Fix the login page today' });
    send(b, a);
    expect(readTask(a, id)?.title).toBe('Fix the login page today');
    expect(toldA).toEqual([]);
    expect(toldB).toEqual([]);
  });

  it('a third edit built on mine, arriving in one batch with it, counts as seen', () => {
    const { a, b, id } = twoPeople();
    const c = replicaOf(a);
    const toldA = watch(a, 'ann');
    updateTask(a, editor('ann', T0 + 1000), id, { title: 'By Ann' });
    send(a, c);
    updateTask(c, editor('cy', T0 + 2000), id, { title: 'By Cy, after Ann' });
    send(c, b);
    send(b, a);
    expect(readTask(a, id)?.title).toBe('By Cy, after Ann');
    expect(toldA).toEqual([]);
  });

  it('an offline title written by an earlier client id of mine (before a reload) is still mine', () => {
    const { a, b, id } = twoPeople();
    updateTask(a, editor('ann', T0 + 1000), id, { title: 'Written offline before a reload' });
    // The reload: a new document (a new client id) holding what the old one stored.
    const reloaded = replicaOf(a);
    const mine = new Set([a.clientID, reloaded.clientID]);
    updateTask(b, editor('bea', T0 + 2000), id, { title: 'Bea’s title' });
    const told = watch(reloaded, 'ann', mine);
    send(b, reloaded);
    const final = readTask(reloaded, id)?.title;
    if (final === 'Bea’s title') expect(told.map((l) => l.mine)).toEqual(['Written offline before a reload']);
    else expect(told).toEqual([]);
  });

  it('my own edits in this replica (an undo, a second edit) never count as lost', () => {
    const { a, id } = twoPeople();
    const told = watch(a, 'ann');
    updateTask(a, editor('ann', T0 + 1000), id, { title: 'One' });
    updateTask(a, editor('ann', T0 + 2000), id, { title: 'Two' });
    expect(told).toEqual([]);
  });

  it('property: with random concurrent titles and deliveries, a told edit is never what the task says, and an edit made on top of everything is never told', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.boolean()), { minLength: 1, maxLength: 12 }),
        (steps) => {
          const a = seeded();
          const id = createTask(a, editor('p0'), { projectId: FIRST_PROJECT_ID, title: 'Start' });
          const docs = [a, replicaOf(a), replicaOf(a)];
          const told = docs.map((d, i) => watch(d, `p${i}`));
          steps.forEach(([who, syncFirst], n) => {
            const doc = docs[who] as Y.Doc;
            if (syncFirst) for (const other of docs) if (other !== doc) send(other, doc);
            updateTask(doc, editor(`p${who}`, T0 + n), id, { title: `t${n} by p${who}` });
          });
          syncAll(...docs);
          const final = readTask(a, id)?.title;
          for (const d of docs) expect(readTask(d, id)?.title).toBe(final);
          for (const list of told) for (const lost of list) expect(lost.mine).not.toBe(final);
          // Whoever wrote last after seeing every other write cannot have lost anything to anyone.
          const last = steps[steps.length - 1];
          if (last?.[1]) {
            const n = steps.length - 1;
            expect(final).toBe(`t${n} by p${last[0]}`);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
