/**
 * SPEC M16: what integrating an update costs is counted before it is applied, and an update over
 * the budget is refused. Each case pairs the count with what Yjs itself does.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FIRST_PROJECT_ID } from './seed.ts';
import { createTask, updateTask } from './tasks.ts';
import { editor, replicaOf, seeded } from './testing/fixtures.ts';
import { inspectUpdate } from './update-inspection.ts';
import { type CraftedId, type CraftedStruct, craftUpdate } from './update-inspection-craft.ts';

/**
 * A key's history of `n` items, each written after the one before (as overwrites are), from two
 * clients taking turns so Yjs cannot merge them into one struct: cheap to integrate.
 */
function longHistory(n: number): Uint8Array {
  const a: CraftedStruct[] = [];
  const b: CraftedStruct[] = [];
  let prev: CraftedId | null = null;
  for (let i = 0; i < n; i++) {
    const mine = i % 2 === 0 ? a : b;
    mine.push(
      prev
        ? { origin: prev, content: { any: [i] } }
        : { parent: 'tasks', parentSub: 'k', content: { any: [i] } },
    );
    prev = [i % 2 === 0 ? 7 : 8, mine.length - 1];
  }
  return craftUpdate([
    { client: 7, clock: 0, structs: a },
    { client: 8, clock: 0, structs: b },
  ]);
}

/** 100 one-item clients (above the history's) writing the key with `where` as origin. */
function intoHistory(where: Omit<Extract<CraftedStruct, { content: unknown }>, 'content'>): Uint8Array {
  return craftUpdate(
    Array.from({ length: 100 }, (_, j) => ({
      client: 1000 + j,
      clock: 0,
      structs: [{ ...where, content: { any: ['x'] } }],
    })),
  );
}

describe('M16: integration cost', () => {
  it('M16: a long history built item after item costs nothing to scan', () => {
    const doc = new Y.Doc();
    const r = inspectUpdate(doc, longHistory(20_000));
    expect(r.ok && r.steps).toBe(0);
  });

  it('M16: items that make Yjs scan a long history (origin null, or its start) are refused before any scan', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, longHistory(5_000));
    for (const frame of [intoHistory({ parent: 'tasks', parentSub: 'k' }), intoHistory({ origin: [7, 0] })]) {
      // Yjs would visit the whole history once per item: 100 × 5,000 steps.
      const unbounded = inspectUpdate(doc, frame, { stepBudget: 10 ** 9 });
      expect(unbounded.ok && unbounded.steps).toBeGreaterThan(490_000);
      const started = performance.now();
      expect(inspectUpdate(doc, frame)).toMatchObject({ ok: false, reason: 'too-costly' });
      // Refusing costs at most the budget's worth of replay, not the whole scan.
      expect(performance.now() - started).toBeLessThan(1_000);
    }
  });

  it('M16: a history built by inserting each item before the last (Yjs walks it for every item) is refused', () => {
    const structs: CraftedStruct[] = Array.from({ length: 2_000 }, (_, i) =>
      i === 0
        ? { parent: 'tasks', parentSub: 'k', content: { any: [i] } }
        : { rightOrigin: [7, i - 1], content: { any: [i] } },
    );
    const u = craftUpdate([{ client: 7, clock: 0, structs }]);
    const unbounded = inspectUpdate(new Y.Doc(), u, { stepBudget: 10 ** 9 });
    // Item i walks past the i - 1 items before it.
    expect(unbounded.ok && unbounded.steps).toBe((1_998 * 1_999) / 2);
    expect(inspectUpdate(new Y.Doc(), u)).toMatchObject({ ok: false, reason: 'too-costly' });
  });

  it('M16: cutting one long value into pieces with a delete set or origins is refused', () => {
    const doc = new Y.Doc();
    const long = Array.from({ length: 20_000 }, (_, i) => i % 100);
    Y.applyUpdate(
      doc,
      craftUpdate([
        { client: 7, clock: 0, structs: [{ parent: 'tasks', parentSub: 'k', content: { any: long } }] },
      ]),
    );
    const cuts = craftUpdate(
      [],
      Array.from({ length: 10_000 }, (_, i) => ({ client: 7, clock: 2 * i + 1, len: 1 })),
    );
    expect(inspectUpdate(doc, cuts)).toMatchObject({ ok: false, reason: 'too-costly' });
    const origins = craftUpdate(
      Array.from({ length: 100 }, (_, j) => ({
        client: 100 + j,
        clock: 0,
        structs: [{ origin: [7, 10 + 7 * j] as const, content: { any: [1] } }],
      })),
    );
    expect(inspectUpdate(doc, origins)).toMatchObject({ ok: false, reason: 'too-costly' });
  });

  it('M16: honest concurrent edits cost a few steps: an offline client overwriting what others changed meanwhile', () => {
    const server = seeded();
    const task = createTask(server, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'x' });
    const offline = replicaOf(server);
    for (let i = 0; i < 50; i++) {
      const other = replicaOf(server);
      updateTask(other, editor(`p${i}`), task, { title: `t${i}` });
      Y.applyUpdate(server, Y.encodeStateAsUpdate(other, Y.encodeStateVector(server)));
    }
    for (let i = 0; i < 20; i++) updateTask(offline, editor('bob'), task, { title: `mine ${i}` });
    const r = inspectUpdate(server, Y.encodeStateAsUpdate(offline, Y.encodeStateVector(server)));
    expect(r.ok).toBe(true);
    expect(r.ok && r.steps).toBeGreaterThan(0);
    expect(r.ok && r.steps).toBeLessThan(1_000);
  });
});
