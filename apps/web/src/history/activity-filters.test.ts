import { describe, expect, it } from 'vitest';
import { NO_FILTERS, personOptions, toActivityFilters } from './activity-filters.ts';

describe('toActivityFilters', () => {
  it('leaves empty fields off the query', () => {
    expect(toActivityFilters(NO_FILTERS)).toEqual({});
  });

  it('sends the chosen person, project and kind, and the time range as instants', () => {
    const filters = toActivityFilters({
      actorId: 'u1',
      projectId: 'p1',
      kind: 'comment',
      since: '2026-03-02T09:00',
      until: '2026-03-02T17:30:15',
    });
    expect(filters).toEqual({
      actorId: 'u1',
      projectId: 'p1',
      kind: 'comment',
      since: new Date(2026, 2, 2, 9, 0).toISOString(),
      until: new Date(2026, 2, 2, 17, 30, 15).toISOString(),
    });
  });

  it('drops a half-typed time instead of sending it', () => {
    expect(toActivityFilters({ ...NO_FILTERS, since: '2026-03-' })).toEqual({});
  });
});

describe('personOptions', () => {
  it('lists members, then people only the document knows, never the server itself', () => {
    const options = personOptions([{ userId: 'u2', name: 'Bob' }], {
      u1: 'Ann',
      u2: 'Bob',
      system: 'Taskflow',
    });
    expect(options).toEqual([
      { id: 'u1', name: 'Ann' },
      { id: 'u2', name: 'Bob' },
    ]);
  });
});
