import { describe, expect, it } from 'vitest';
import { readTask } from './board.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { createTask, updateTask } from './tasks.ts';
import { editor, seeded } from './testing/fixtures.ts';

describe('recurrence rule on a task', () => {
  it('M13: set with updateTask, read back whole, removed with null; a malformed rule reads as none', () => {
    const doc = seeded();
    const id = createTask(doc, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'Weekly report' });
    expect(readTask(doc, id)?.recurrence).toBeNull();

    const rule = {
      cron: '0 9 * * 1',
      timeZone: 'Europe/Berlin',
      paused: false,
      skip: ['2026-12-28T08:00:00.000Z'],
    };
    updateTask(doc, editor('ann'), id, { recurrence: rule });
    expect(readTask(doc, id)?.recurrence).toEqual(rule);

    updateTask(doc, editor('ann'), id, { recurrence: { ...rule, paused: true } });
    expect(readTask(doc, id)?.recurrence?.paused).toBe(true);

    expect(() => updateTask(doc, editor('ann'), id, { recurrence: { ...rule, cron: '' } })).toThrow();

    // A peer wrote garbage under the key: the task survives, the rule reads as none (M9).
    doc.getMap<import('yjs').Map<unknown>>('tasks').get(id)?.set('recurrence', { cron: 42 });
    expect(readTask(doc, id)?.recurrence).toBeNull();
    expect(readTask(doc, id)?.title).toBe('Weekly report');

    updateTask(doc, editor('ann'), id, { recurrence: null });
    expect(readTask(doc, id)?.recurrence).toBeNull();
  });
});
