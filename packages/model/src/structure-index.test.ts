/**
 * Issue 14: the structure index stays cheap at 10,000 tasks. It is built by one walk; after that a
 * change costs the tasks it touched, and a card's or panel's read walks nothing.
 */
import { describe, expect, it } from 'vitest';
import { readTask } from './board.ts';
import { addChecklistItem } from './checklists.ts';
import { write } from './doc.ts';
import { addLink } from './links.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { readCardStructure, readLinks, readSubtasks } from './structure.ts';
import { structureIndexReads } from './structure-index.ts';
import { taskWalks } from './task-index.ts';
import { createTask, updateTask } from './tasks.ts';
import { editor, seeded } from './testing/fixtures.ts';

describe('structure index at 10,000 tasks', () => {
  it('is built by one walk, then reads cost the changed tasks only', () => {
    const doc = seeded();
    const ann = editor('ann');
    const ids: string[] = [];
    write(doc, ann, () => {
      for (let i = 0; i < 10_000; i++)
        ids.push(createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: `T${i}` }));
    });
    const [a, b, c] = ids as [string, string, string];
    readCardStructure(doc, a);
    const walks = taskWalks(doc);
    const built = structureIndexReads(doc);
    expect(built).toBeGreaterThanOrEqual(10_000);

    addLink(doc, ann, a, 'blocks', b);
    addChecklistItem(doc, ann, c, 'check');
    updateTask(doc, ann, c, { parentId: a });
    const t0 = performance.now();
    expect(readLinks(doc, b).map((l) => l.relation)).toEqual(['is blocked by']);
    expect(readSubtasks(doc, a).map((t) => t.id)).toEqual([c]);
    expect(readCardStructure(doc, c)?.checklist).toEqual({ done: 0, total: 1 });
    for (const id of ids.slice(0, 100)) readCardStructure(doc, id);
    const elapsed = performance.now() - t0;
    expect(taskWalks(doc)).toBe(walks);
    // Three writes touched three tasks (each write re-read once or twice), not 10,000.
    expect(structureIndexReads(doc) - built).toBeLessThanOrEqual(6);
    expect(readTask(doc, c)?.parentId).toBe(a);
    console.info(
      `100 card reads and 3 panel reads after 3 changes at 10,000 tasks: ${elapsed.toFixed(1)} ms`,
    );
  });
});
