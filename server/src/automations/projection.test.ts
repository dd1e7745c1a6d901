import {
  archiveColumn,
  archiveProject,
  archiveTask,
  createProject,
  createTask,
  type Editor,
  FIRST_PROJECT_ID,
  moveTask,
  readColumns,
  seedWorkspace,
  updateTask,
} from '@taskflow/model';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type TempDb, tempDb } from '../../test/automations/temp-db.ts';
import { FiredStore } from './fired-store.ts';
import { deadlineInstant, projectSchedule } from './projection.ts';
import { DEFAULT_REMINDER_SETTINGS } from './reminder-chain.ts';
import { ScheduleStore } from './schedule-store.ts';

const T0 = Date.UTC(2026, 10, 22, 12);
const ann: Editor = { origin: { kind: 'user', actorId: 'ann' }, now: () => T0 };
const zones: Record<string, string> = { bob: 'Australia/Sydney', eve: 'Not/AZone' };
const options = {
  workspaceId: 'w',
  workspaceTimeZone: 'America/New_York',
  timeZoneOf: (u: string) => zones[u],
};

function workspace(): Y.Doc {
  const doc = new Y.Doc();
  seedWorkspace(doc, { workspaceId: 'w', now: () => T0 });
  return doc;
}
const task = (
  doc: Y.Doc,
  title: string,
  extra: { assignee?: string; deadline?: string; projectId?: string } = {},
) => createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title, deadline: '2026-11-30', ...extra });
const setRule = (doc: Y.Doc, id: string, rule: unknown) =>
  doc.transact(() => (doc.getMap('tasks').get(id) as Y.Map<unknown>).set('recurrence', rule));

describe('schedule projection', () => {
  it("P1: the deadline ends the day in the assignee's zone, else the workspace's", () => {
    const doc = workspace();
    task(doc, 'bob', { assignee: 'bob' });
    task(doc, 'nobody');
    task(doc, 'eve', { assignee: 'eve' }); // an invalid zone on the account falls back too
    const at = Object.fromEntries(
      projectSchedule(doc, options).map((r) => [r.title, [r.timeZone, r.deadlineAt]]),
    );
    expect(at.bob).toEqual(['Australia/Sydney', Date.UTC(2026, 10, 30, 12, 59, 59, 999)]);
    expect(at.nobody).toEqual(['America/New_York', Date.UTC(2026, 11, 1, 4, 59, 59, 999)]);
    expect(at.eve).toEqual(at.nobody);
  });

  it('P5: a deadline with a time of day is that instant in its own zone, whoever is assigned', () => {
    const doc = workspace();
    const id = task(doc, 'timed', { assignee: 'bob' });
    updateTask(doc, ann, id, { deadlineTime: '09:30 Europe/Paris' });
    const odd = task(doc, 'odd zone', { assignee: 'bob' });
    updateTask(doc, ann, odd, { deadlineTime: '09:30 Not/AZone' });
    const rows = new Map(projectSchedule(doc, options).map((r) => [r.title, r]));
    // 09:30 CET is 08:30 UTC; Bob's Sydney does not move it.
    expect(rows.get('timed')).toMatchObject({
      deadline: '2026-11-30',
      deadlineAt: Date.UTC(2026, 10, 30, 8, 30),
      timeZone: 'Europe/Paris',
    });
    // A zone this runtime does not know: the time is read in the assignee's zone (Sydney, UTC+11).
    expect(rows.get('odd zone')).toMatchObject({
      deadlineAt: Date.UTC(2026, 10, 29, 22, 30),
      timeZone: 'Australia/Sydney',
    });
  });

  it('P6: a deadline instant at a time that does not exist (spring forward) moves past the gap', () => {
    // Berlin skips 02:00–03:00 on 2026-03-29: 02:30 is read as 03:30 CEST, 01:30 UTC.
    expect(deadlineInstant('2026-03-29', '02:30', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 1, 30));
    expect(deadlineInstant('2026-03-29', null, 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 21, 59, 59, 999));
  });

  it('P2: done is the last live column; archived task or project; a one-column board has no done column', () => {
    const doc = workspace();
    const open = task(doc, 'open');
    const finished = task(doc, 'finished');
    const archived = task(doc, 'archived');
    const cols = readColumns(doc, FIRST_PROJECT_ID);
    moveTask(doc, ann, finished, cols.at(-1)?.id ?? '', 0);
    archiveTask(doc, ann, archived);
    const other = createProject(doc, ann, { name: 'Solo' }).id;
    const [a, b, c] = readColumns(doc, other);
    const solo = createTask(doc, ann, {
      projectId: other,
      title: 'solo',
      deadline: '2026-11-30',
      columnId: c?.id,
    });
    archiveColumn(doc, ann, a?.id ?? '');
    archiveColumn(doc, ann, b?.id ?? '');
    const rows = new Map(projectSchedule(doc, options).map((r) => [r.taskId, r]));
    expect(rows.get(open)).toMatchObject({ done: false, archived: false });
    expect(rows.get(finished)).toMatchObject({ done: true, archived: false });
    expect(rows.get(archived)).toMatchObject({ archived: true });
    expect(rows.get(solo)).toMatchObject({ done: false, archived: false });
    archiveProject(doc, ann, other);
    expect(projectSchedule(doc, options).find((r) => r.taskId === solo)).toMatchObject({ archived: true });
  });

  it('P3: only tasks with a deadline or a valid rule are projected', () => {
    const doc = workspace();
    const plain = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'plain' });
    const ruled = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'ruled' });
    const broken = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'broken' });
    setRule(doc, ruled, { cron: '0 9 * * 1', timeZone: 'Europe/Berlin' });
    setRule(doc, broken, { cron: 'every monday', timeZone: 'Europe/Berlin' });
    const ids = projectSchedule(doc, options).map((r) => r.taskId);
    expect(ids).toEqual([ruled]);
    expect(ids).not.toContain(plain);
  });

  let t: TempDb;
  beforeEach(() => {
    t = tempDb();
  });
  afterEach(() => t.cleanup());

  it('P4: re-projecting keeps when a rule was first seen; a pause or a new schedule restarts it', () => {
    const doc = workspace();
    const id = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'weekly' });
    setRule(doc, id, { cron: '0 9 * * 1', timeZone: 'Europe/Berlin' });
    const store = new ScheduleStore(t.db, new FiredStore(t.db, 'test'));
    const save = (now: number) =>
      store.replaceWorkspace('w', projectSchedule(doc, options), DEFAULT_REMINDER_SETTINGS, now);
    save(T0);
    expect(store.get('w', id)).toMatchObject({
      recurrenceSince: T0,
      nextOccurrenceAt: Date.UTC(2026, 10, 23, 8),
    });
    setRule(doc, id, { cron: '0 9 * * 1', timeZone: 'Europe/Berlin', skip: ['2026-11-23T08:00:00Z'] });
    save(T0 + 1000);
    expect(store.get('w', id)).toMatchObject({
      recurrenceSince: T0,
      nextOccurrenceAt: Date.UTC(2026, 10, 30, 8),
    });
    setRule(doc, id, { cron: '0 9 * * 1', timeZone: 'Europe/Berlin', paused: true });
    save(T0 + 2000);
    expect(store.get('w', id)).toMatchObject({ recurrenceSince: T0 + 2000, nextOccurrenceAt: null });
    setRule(doc, id, null);
    save(T0 + 3000);
    expect(store.get('w', id)).toBeUndefined();
  });
});
