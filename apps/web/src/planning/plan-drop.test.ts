import { describe, expect, it } from 'vitest';
import { columnDropId } from '../dnd/drop-target.ts';
import { BACKLOG_LIST, planTarget } from './plan-drop.ts';

const lists = [
  { id: 's1', taskIds: ['a', 'b'] },
  { id: 's2', taskIds: [] },
  { id: BACKLOG_LIST, taskIds: ['c', 'd', 'e'] },
];

describe('planTarget', () => {
  it('plans a backlog task into a sprint, before the task it is dropped on', () => {
    expect(planTarget(lists, 'd', 'b')).toEqual({ sprintId: 's1', index: 1 });
  });

  it('appends when dropped on a list’s end zone, an empty sprint included', () => {
    expect(planTarget(lists, 'c', columnDropId('s1'))).toEqual({ sprintId: 's1', index: 2 });
    expect(planTarget(lists, 'c', columnDropId('s2'))).toEqual({ sprintId: 's2', index: 0 });
  });

  it('sends a sprint’s task back to the backlog as null', () => {
    expect(planTarget(lists, 'a', 'c')).toEqual({ sprintId: null, index: 0 });
    expect(planTarget(lists, 'a', columnDropId(BACKLOG_LIST))).toEqual({ sprintId: null, index: 3 });
  });

  it('reorders within the backlog, and does nothing where nothing changes', () => {
    expect(planTarget(lists, 'c', 'e')).toEqual({ sprintId: null, index: 2 });
    expect(planTarget(lists, 'e', columnDropId(BACKLOG_LIST))).toBeUndefined();
    expect(planTarget(lists, 'c', 'c')).toBeUndefined();
    expect(planTarget(lists, 'zz', 'c')).toBeUndefined();
  });
});
