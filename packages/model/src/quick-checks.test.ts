import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quickCheck, quickChecked } from './quick-checks.ts';
import { storedTaskFields as f, LIMITS, nameSchema } from './schema.ts';

/** Values near every edge the schemas draw, and anything else. */
const values = fc.oneof(
  fc.anything(),
  fc
    .date({ min: new Date(-62_167_219_200_000), max: new Date(253_402_300_799_999), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
  fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
  fc.string({ maxLength: 3 }),
  fc.constantFrom(' To Do', 'Done ', 'In Progress', '\u00a0x', 'x\u2028'),
  fc.string({ minLength: 195, maxLength: 205 }),
  fc.string({ minLength: LIMITS.title - 2, maxLength: LIMITS.title + 2 }),
  fc.constantFrom('lowest', 'low', 'medium', 'high', 'highest', 'urgent', '', null, undefined),
  fc.constantFrom('task', 'bug', 'story', 'epic', 'Bug', 'subtask', ' epic'),
  fc.array(fc.string({ maxLength: LIMITS.label + 2 }), { maxLength: LIMITS.labels + 2 }),
  fc.double(),
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(
    0,
    1,
    LIMITS.estimate,
    LIMITS.estimate + 0.5,
    LIMITS.estimateSeconds,
    LIMITS.estimateSeconds + 1,
  ),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, 2 ** 60, 1.5, -0, Number.NaN),
  fc.constantFrom(Number.POSITIVE_INFINITY, '2026-02-29', '2024-02-29', '2026-04-31T10:00:00.000Z'),
  fc.constantFrom('09:30 Europe/Paris', '24:00 UTC', '9:30 UTC', '09:30 ', '23:59 Etc/GMT+5', '00:00 a b'),
  fc
    .tuple(fc.stringMatching(/^\d{2}:\d{2}$/), fc.stringMatching(/^[A-Za-z_/+-]{0,66}$/))
    .map(([t, z]) => `${t} ${z}`),
);

describe('quick checks of the stored task fields', () => {
  it('say yes only where zod accepts the value unchanged', () => {
    const schemas = quickChecked();
    fc.assert(
      fc.property(values, (value) => {
        for (const schema of schemas) {
          if (!quickCheck(schema)?.(value)) continue;
          const parsed = schema.safeParse(value);
          expect(parsed.success).toBe(true);
          expect(parsed.data).toEqual(value);
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it('say yes to what the app writes, so the board read skips zod for it', () => {
    const now = new Date('2026-12-03T10:00:00.000Z').toISOString();
    const written: [unknown, unknown][] = [
      [f.projectId, 'p-1'],
      [nameSchema, 'In Progress'],
      [f.title, 'Write the report'],
      [f.description, ''],
      [f.priority, 'high'],
      [f.labels, ['ops', 'db']],
      [f.assignee, null],
      [f.assignee, 'u-1'],
      [f.deadline, '2024-02-29'],
      [f.deadlineTime, '09:30 Europe/Paris'],
      [f.deadlineTime, null],
      [f.estimate, 3.5],
      [f.sprintId, null],
      [f.originalEstimateSeconds, 3600],
      [f.remainingSetSpent, 0],
      [f.type, 'bug'],
      [f.type, null],
      [f.parentId, 'task-1'],
      [f.epicId, null],
      [f.number, 42],
      [f.planRank, 'a0V'],
      [f.createdAt, now],
      [f.archivedAt, null],
      [f.archivedAt, now],
    ];
    for (const [schema, value] of written) expect(quickCheck(schema as typeof f.title)?.(value)).toBe(true);
  });

  it('say no to days a month lacks and to other shapes of instants (zod decides those)', () => {
    expect(quickCheck(f.deadline)?.('2026-02-29')).toBe(false);
    expect(quickCheck(f.createdAt)?.('2026-04-31T10:00:00.000Z')).toBe(false);
    expect(quickCheck(f.createdAt)?.('2026-04-30T10:00:00+02:00')).toBe(false);
    expect(f.createdAt.safeParse('2026-04-30T10:00:00+02:00').success).toBe(true);
  });
});
