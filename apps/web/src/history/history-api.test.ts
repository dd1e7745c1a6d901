import { describe, expect, it } from 'vitest';
import { activityItemSchema } from './history-api.ts';

const base = {
  id: 'e1',
  kind: 'task.updated',
  taskId: 't1',
  entityId: 't1',
  actorId: 'u1',
  actorName: 'Ann',
  madeAt: '2026-03-02T09:02:00.000Z',
  arrivedAt: '2026-03-02T11:30:00.000Z',
  offline: true,
  changes: [{ field: 'priority', from: 'medium', to: 'high' }],
};

describe('activityItemSchema', () => {
  it('takes the items of both activity routes (the task route leaves taskId out)', () => {
    expect(activityItemSchema.parse(base).taskId).toBe('t1');
    const { taskId: _, ...fromTaskRoute } = base;
    expect(activityItemSchema.parse(fromTaskRoute).taskId).toBeNull();
  });

  it('takes kinds it does not know and changes with any values, including a deleted comment’s nulls', () => {
    expect(activityItemSchema.safeParse({ ...base, kind: 'sprint.closed' }).success).toBe(true);
    const deleted = { ...base, kind: 'comment.deleted', changes: [{ field: 'body', from: null, to: null }] };
    expect(activityItemSchema.safeParse(deleted).success).toBe(true);
  });

  it('refuses an item whose times are not instants or whose actor is missing', () => {
    expect(activityItemSchema.safeParse({ ...base, madeAt: 'yesterday' }).success).toBe(false);
    expect(activityItemSchema.safeParse({ ...base, actorName: undefined }).success).toBe(false);
    expect(activityItemSchema.safeParse({ ...base, changes: [{ from: 1 }] }).success).toBe(false);
  });
});
