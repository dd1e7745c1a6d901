/**
 * SPEC M15 (an update is accepted only if Yjs integrates all of it) and M16 (bounded cost).
 * The randomized test uses Yjs itself as the oracle: whatever the inspection accepts applies
 * with nothing parked. Replay a failure with the command it prints.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addComment } from './comments.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { createTask, updateTask } from './tasks.ts';
import { editor, replicaOf, seeded } from './testing/fixtures.ts';
import { rng } from './testing/prng.ts';
import { applyRandomOp } from './testing/random-ops.ts';
import { inspectUpdate } from './update-inspection.ts';
import {
  type CraftedDelete,
  type CraftedGroup,
  type CraftedId,
  type CraftedStruct,
  craftUpdate,
} from './update-inspection-craft.ts';
import type { YType } from './update-inspection-places.ts';

const FILE = 'packages/model/src/update-inspection.test.ts';

/** What the receiver lacks of what the sender has: a provider's SyncStep2. */
const step2 = (from: Y.Doc, to: Y.Doc) => Y.encodeStateAsUpdate(from, Y.encodeStateVector(to));

/** Applies `update` to a copy of `doc`: the copy when Yjs took all of it with nothing parked, else null. */
function applied(doc: Y.Doc, update: Uint8Array): Y.Doc | null {
  const copy = new Y.Doc({ gc: doc.gc });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  try {
    Y.applyUpdate(copy, update);
  } catch {
    return null;
  }
  return copy.store.pendingStructs === null && copy.store.pendingDs === null ? copy : null;
}

const appliesCleanly = (doc: Y.Doc, update: Uint8Array) => applied(doc, update) !== null;

/** Where an item ended up in an applied document, read back through Yjs's own links. */
function pathIn(doc: Y.Doc, client: number, clock: number): (string | null)[] | null {
  let item: Y.Item | Y.GC | null = Y.getItem(doc.store, Y.createID(client, clock)) as Y.Item | Y.GC;
  const keys: (string | null)[] = [];
  while (item instanceof Y.Item) {
    keys.unshift(item.parentSub);
    const parent = item.parent as YType;
    if (parent._item === null) {
      keys.unshift(Y.findRootTypeKey(parent));
      return keys.slice(0, 5);
    }
    item = parent._item;
  }
  return null;
}

function refusal(doc: Y.Doc, update: Uint8Array): string | null {
  const r = inspectUpdate(doc, update);
  return r.ok ? null : r.reason;
}

const at = (client: number, clock: number): CraftedId => [client, clock];
const value = (
  v: unknown,
  where: Partial<Extract<CraftedStruct, { content: unknown }>> = {},
): CraftedStruct => ({
  ...where,
  content: { any: [v] },
});

describe('M15: structure', () => {
  it('M15: honest SyncStep2, the whole state re-sent, and an empty update pass', () => {
    const server = seeded();
    const client = replicaOf(server);
    const task = createTask(client, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'x' });
    updateTask(client, editor('ann'), task, { title: 'y', labels: ['a'] });
    addComment(client, editor('ann'), task, 'hello');
    for (const u of [
      step2(client, server),
      Y.encodeStateAsUpdate(client),
      Y.encodeStateAsUpdate(new Y.Doc()),
    ]) {
      const r = inspectUpdate(server, u);
      expect(r.ok).toBe(true);
      expect(appliesCleanly(server, u)).toBe(true);
    }
    // A re-send of what the server has is nobody's new write.
    Y.applyUpdate(server, step2(client, server));
    const again = inspectUpdate(server, Y.encodeStateAsUpdate(client));
    expect(again.ok && again.newClients.length === 0 && again.writes.length === 0).toBe(true);
  });

  it('M15: a skipped clock range anywhere, not only at the start, is a gap', () => {
    const doc = seeded();
    const u = craftUpdate([
      {
        client: 5,
        clock: 0,
        structs: [value(1, { parent: 'tasks', parentSub: 'a' }), { skip: 2 }, value(2, { origin: at(5, 0) })],
      },
    ]);
    expect(refusal(doc, u)).toBe('gap');
    expect(appliesCleanly(doc, u)).toBe(false);
  });

  it('M15: an origin, right origin or parent the document lacks is a gap', () => {
    const doc = seeded();
    for (const s of [
      value(1, { origin: at(99, 3) }),
      value(1, { rightOrigin: at(99, 0) }),
      value(1, { parent: at(99, 0), parentSub: 'k' }),
    ]) {
      const u = craftUpdate([{ client: 5, clock: 0, structs: [s] }]);
      expect(refusal(doc, u)).toBe('gap');
      expect(appliesCleanly(doc, u)).toBe(false);
    }
  });

  it('M15: a delete of clocks the document does not have (after the update) is a gap', () => {
    const doc = seeded();
    const own: CraftedGroup = {
      client: 5,
      clock: 0,
      structs: [value(1, { parent: 'tasks', parentSub: 'a' })],
    };
    for (const [groups, deletes] of [
      [[], [{ client: 5, clock: 0, len: 3 }]],
      [[own], [{ client: 5, clock: 0, len: 2 }]],
      [[own], [{ client: 5, clock: 1, len: 0 }]],
    ] as [CraftedGroup[], CraftedDelete[]][]) {
      const u = craftUpdate(groups, deletes);
      expect(refusal(doc, u)).toBe('gap');
      expect(appliesCleanly(doc, u)).toBe(false);
    }
    // Deleting what the update itself brings is fine.
    const fine = craftUpdate([own], [{ client: 5, clock: 0, len: 1 }]);
    expect(refusal(doc, fine)).toBeNull();
    expect(appliesCleanly(doc, fine)).toBe(true);
  });

  it('M15: structs that depend on each other in a cycle are a gap; a chain across clients is fine', () => {
    const doc = seeded();
    const cycle = craftUpdate([
      { client: 5, clock: 0, structs: [value(1, { origin: at(6, 0) })] },
      { client: 6, clock: 0, structs: [value(2, { origin: at(5, 0) })] },
    ]);
    expect(refusal(doc, cycle)).toBe('gap');
    expect(appliesCleanly(doc, cycle)).toBe(false);
    const chain = craftUpdate([
      {
        client: 5,
        clock: 0,
        structs: [value(1, { parent: 'tasks', parentSub: 'k' }), value(3, { origin: at(6, 0) })],
      },
      { client: 6, clock: 0, structs: [value(2, { origin: at(5, 0) }), value(4, { origin: at(5, 1) })] },
    ]);
    expect(refusal(doc, chain)).toBeNull();
    expect(appliesCleanly(doc, chain)).toBe(true);
  });

  it('M15: a reference to the struct itself or ahead in its own client is a gap (Yjs throws half-way)', () => {
    const doc = seeded();
    for (const s of [
      value(1, { origin: at(5, 0) }),
      value(1, { origin: at(5, 4) }),
      value(1, { parent: at(5, 1), parentSub: 'k' }),
    ]) {
      const u = craftUpdate([
        { client: 5, clock: 0, structs: [s, value(2, { parent: 'tasks', parentSub: 'z' })] },
      ]);
      expect(refusal(doc, u)).toBe('gap');
      expect(appliesCleanly(doc, u)).toBe(false);
    }
  });

  it('M15: a client listed twice, empty structs and cut-off bytes are malformed', () => {
    const doc = seeded();
    const a = value(1, { parent: 'tasks', parentSub: 'a' });
    const twice = craftUpdate([
      { client: 5, clock: 0, structs: [a] },
      { client: 5, clock: 1, structs: [value(2, { origin: at(5, 0) })] },
    ]);
    // Yjs keeps only the last group it reads for a client, so the second is parked.
    expect(refusal(doc, twice)).toBe('malformed');
    expect(appliesCleanly(doc, twice)).toBe(false);
    expect(refusal(doc, craftUpdate([{ client: 5, clock: 0, structs: [] }]))).toBe('malformed');
    expect(
      refusal(
        doc,
        craftUpdate([
          { client: 5, clock: 0, structs: [{ content: { any: [] }, parent: 'tasks', parentSub: 'e' }] },
        ]),
      ),
    ).toBe('malformed');
    const whole = craftUpdate([{ client: 5, clock: 0, structs: [a] }], [{ client: 5, clock: 0, len: 1 }]);
    for (let cut = 1; cut < whole.length; cut++)
      expect(refusal(doc, whole.subarray(0, cut))).toBe('malformed');
  });

  it('M15: structs the document has may be re-sent, also overlapping the new ones', () => {
    const doc = seeded();
    const first = craftUpdate([
      {
        client: 5,
        clock: 0,
        structs: [value(1, { parent: 'tasks', parentSub: 'k' }), value(2, { origin: at(5, 0) })],
      },
    ]);
    Y.applyUpdate(doc, first);
    const overlap = craftUpdate([
      {
        client: 5,
        clock: 0,
        structs: [
          value(1, { parent: 'tasks', parentSub: 'k' }),
          { content: { any: [2, 3, 4] }, origin: at(5, 0) },
        ],
      },
    ]);
    const r = inspectUpdate(doc, overlap);
    expect(r.ok && r.newClients).toEqual([5]);
    expect(appliesCleanly(doc, overlap)).toBe(true);
  });

  it('M15 (randomized, oracle: Yjs): whatever is accepted applies with nothing parked; every gap would park or throw', () => {
    const seed = Number(process.env.TF_SEED ?? Date.now() % 2 ** 31);
    const runs = Number(process.env.TF_RUNS ?? 300);
    try {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (s) => {
          const r = rng(s);
          const doc = randomDoc(r);
          const update = randomUpdate(doc, r);
          const result = inspectUpdate(doc, update);
          const after = applied(doc, update);
          const clean = after !== null;
          if (result.ok && after) {
            // The clients that write, and where each item lands, are what Yjs does.
            const before = Y.decodeStateVector(Y.encodeStateVector(doc));
            const grew = [...Y.decodeStateVector(Y.encodeStateVector(after))]
              .filter(([c, clock]) => clock > (before.get(c) ?? 0))
              .map(([c]) => c);
            expect(new Set(result.newClients)).toEqual(new Set(grew));
            const sets = result.writes.filter((x) => x.op === 'set');
            for (const w of sets) {
              // An item may be collected at once when the update also deletes the map it went into.
              const landed = pathIn(after, w.client, w.clock);
              if (landed) expect(landed).toEqual(w.path);
            }
            // And no item lands anywhere unseen: a write the rules never judged would be a way past them.
            for (const x of Y.decodeUpdate(update).structs) {
              const known = before.get(x.id.client) ?? 0;
              if (!(x instanceof Y.Item) || x.id.clock + x.length <= known) continue;
              if (pathIn(after, x.id.client, Math.max(x.id.clock, known)) === null) continue;
              expect(sets.some((w) => w.client === x.id.client && w.clock === x.id.clock)).toBe(true);
            }
          }
          // Any Skip is refused, even a trailing one Yjs would ignore: honest clients never send one.
          const skips = Y.decodeUpdate(update).structs.some((x) => x instanceof Y.Skip);
          if (result.ok) expect(clean).toBe(true);
          else if (skips) expect(result.reason).toBe('gap');
          // Refused as malformed may be something Yjs would take (a client listed twice, an empty struct).
          else if (result.reason === 'gap') expect(clean).toBe(false);
        }),
        { numRuns: runs, seed },
      );
    } catch (e) {
      console.error(`replay: TF_SEED=${seed} TF_RUNS=${runs} npx vitest run ${FILE}`);
      throw e;
    }
  });
});

/** A document with a few clients' honest history: tasks, edits, moves, comments. */
function randomDoc(r: ReturnType<typeof rng>): Y.Doc {
  const doc = seeded();
  const replicas = [1, 2, 3].map((clientId) => {
    const d = replicaOf(doc);
    d.clientID = clientId;
    return d;
  });
  for (let i = 0; i < 4 + r.int(12); i++) {
    const d = r.pick(replicas);
    applyRandomOp(d, editor(`actor${d.clientID}`), r);
    if (r.chance(0.5)) for (const other of replicas) Y.applyUpdate(other, step2(d, other));
  }
  for (const d of replicas) Y.applyUpdate(doc, step2(d, doc));
  return doc;
}

/**
 * Structs for clients the document has and new ones, starting at, before or after each one's
 * state, with origins, right origins and parents among the document's ids, the update's own
 * (earlier, later, itself) and ids nobody has; Skip and GC structs; delete ranges around the states.
 */
function randomUpdate(doc: Y.Doc, r: ReturnType<typeof rng>): Uint8Array {
  const sv = Y.decodeStateVector(Y.encodeStateVector(doc));
  const known = [...sv.keys()];
  const clients = [
    ...new Set(
      Array.from({ length: 1 + r.int(3) }, () =>
        r.chance(0.5) && known.length ? r.pick(known) : 10 + r.int(4),
      ),
    ),
  ];
  const plan = clients.map((client) => {
    const state = sv.get(client) ?? 0;
    const clock = Math.max(0, state + r.pick([-2, -1, 0, 0, 0, 1]));
    return { client, clock, count: 1 + r.int(4) };
  });
  const someId = (): CraftedId => {
    const dice = r.next();
    if (dice < 0.45 && known.length) {
      const c = r.pick(known);
      return [c, r.int(sv.get(c) ?? 1)];
    }
    if (dice < 0.9) {
      const p = r.pick(plan);
      return [p.client, p.clock + r.int(p.count + 1)];
    }
    return [99, r.int(3)];
  };
  const groups: CraftedGroup[] = plan.map(({ client, clock, count }) => ({
    client,
    clock,
    structs: Array.from({ length: count }, (): CraftedStruct => {
      const dice = r.next();
      if (dice < 0.05) return { skip: 1 + r.int(2) };
      if (dice < 0.1) return { gc: 1 + r.int(2) };
      const content = r.chance(0.15)
        ? { map: true as const }
        : r.chance(0.1)
          ? { deleted: 1 }
          : { any: [r.int(100)] };
      const where = r.next();
      if (where < 0.35) return { origin: someId(), content };
      if (where < 0.5) return { rightOrigin: someId(), content };
      if (where < 0.6) return { origin: someId(), rightOrigin: someId(), content };
      if (where < 0.8)
        return { parent: r.pick(['tasks', 'comments', 'people']), parentSub: `k${r.int(3)}`, content };
      return { parent: someId(), parentSub: r.chance(0.8) ? `f${r.int(3)}` : null, content };
    }),
  }));
  const deletes: CraftedDelete[] = Array.from({ length: r.int(3) }, () => {
    const client = r.chance(0.7) ? r.pick(plan).client : (r.pick(known.length ? known : [1]) as number);
    const end = Math.max(
      sv.get(client) ?? 0,
      ...plan.filter((p) => p.client === client).map((p) => p.clock + p.count),
    );
    return { client, clock: r.int(end + 2), len: r.int(3) };
  });
  return craftUpdate(groups, deletes);
}
