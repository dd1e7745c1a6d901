/**
 * The reminder and recurrence ticks end to end on a real SQLite file and a real workspace
 * document (through the model), with the clock moved by hand.
 */
import {
  createTask,
  type Editor,
  FIRST_PROJECT_ID,
  hasTask,
  moveTask,
  readBoard,
  readTask,
  seedWorkspace,
  updateTask,
} from '@taskflow/model';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { runOccurrenceTick } from '../../src/automations/occurrence-tick.ts';
import { projectSchedule } from '../../src/automations/projection.ts';
import { occurrenceDay } from '../../src/automations/recurrence.ts';
import { endOfDayInstant } from '../../src/zoned-time.ts';
import { tickerHarness } from '../helpers/ticker-harness.ts';
import { type TempDb, tempDb } from './temp-db.ts';

const H = 3_600_000;
const WS = 'ws1';
let t: TempDb;
let now: number;
const clock = () => now;
const ann: Editor = { origin: { kind: 'user', actorId: 'ann' }, now: clock };
const zones: Record<string, string> = { bob: 'Europe/Berlin', ann: 'America/New_York' };

function parts(db = t.db) {
  return tickerHarness(db, { holder: `ticker-${Math.random()}`, now: clock, adminsOf: () => ['ann', 'zoe'] });
}

function project(doc: Y.Doc, p = parts()) {
  const rows = projectSchedule(doc, {
    workspaceId: WS,
    workspaceTimeZone: 'UTC',
    timeZoneOf: (u) => zones[u],
  });
  p.schedule.replaceWorkspace(WS, rows, p.settings.get(WS), now);
  return rows;
}

function workspace(): Y.Doc {
  const doc = new Y.Doc();
  seedWorkspace(doc, { workspaceId: WS, now: clock });
  return doc;
}

beforeEach(() => {
  t = tempDb();
  now = Date.UTC(2026, 10, 20, 12);
});
afterEach(() => t.cleanup());

describe('reminder tick', () => {
  it('T1: before, at and overdue each fire once, to the right people; re-running fires nothing', () => {
    const doc = workspace();
    const p = parts();
    const id = createTask(doc, ann, {
      projectId: FIRST_PROJECT_ID,
      title: 'Ship it',
      assignee: 'bob',
      deadline: '2026-11-25',
    });
    const [row] = project(doc, p);
    // Bob is in Berlin: the day ends at 23:59:59.999 CET, 22:59:59.999 UTC.
    expect(row?.deadlineAt).toBe(Date.UTC(2026, 10, 25, 22, 59, 59, 999));
    const deadline = row?.deadlineAt ?? 0;
    const sent: string[] = [];
    for (now = deadline - 30 * H; now <= deadline + 4 * H; now += 10 * 60_000) {
      for (const f of p.tick().fired) sent.push(`${f.kind}:${f.recipients.join(',')}`);
    }
    expect(sent).toEqual(['before:bob', 'at:bob', 'overdue:bob,ann,zoe']);
    expect(p.tick().fired).toEqual([]);
    expect(p.inApp.unreadCount('bob')).toBe(3);
    expect(p.inApp.unreadCount('zoe')).toBe(1);
    expect(p.outbox.byKey(`overdue:${WS}:${id}:${deadline}:zoe`)?.notification?.payload).toMatchObject({
      taskTitle: 'Ship it',
      deadline: '2026-11-25',
    });
    expect(p.schedule.get(WS, id)?.nextReminderAt).toBeNull();
    // Projecting again (the document is stored again) does not re-arm a completed chain.
    project(doc, p);
    expect(p.schedule.get(WS, id)?.nextReminderAt).toBeNull();
  });

  it('T2: changing the deadline re-arms the chain; finishing the task stops it', () => {
    const doc = workspace();
    const p = parts();
    const id = createTask(doc, ann, {
      projectId: FIRST_PROJECT_ID,
      title: 'Report',
      assignee: 'bob',
      deadline: '2026-11-21',
    });
    project(doc, p);
    now = Date.UTC(2026, 10, 21, 0);
    expect(p.tick().fired.map((f) => f.kind)).toEqual(['before']);
    updateTask(doc, ann, id, { deadline: '2026-11-28' });
    project(doc, p);
    now = Date.UTC(2026, 10, 27, 23);
    expect(p.tick().fired.map((f) => [f.kind, f.deadlineAt])).toEqual([
      ['before', endOfDayInstant('2026-11-28', 'Europe/Berlin')],
    ]);
    const done = readBoard(doc, FIRST_PROJECT_ID)?.columns.at(-1)?.id ?? '';
    moveTask(doc, ann, id, done, 0);
    expect(readTask(doc, id)?.columnId).toBe(done);
    project(doc, p);
    now = Date.UTC(2026, 11, 5);
    expect(p.tick().fired).toEqual([]);
    expect(p.schedule.get(WS, id)).toMatchObject({ done: true, nextReminderAt: null });
  });

  it('T3: after downtime only the latest step is sent; the earlier ones are recorded as superseded', () => {
    const doc = workspace();
    const p = parts();
    createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'Late', deadline: '2026-11-20' });
    project(doc, p);
    now = Date.UTC(2026, 10, 21, 6);
    const result = p.tick();
    // Unassigned: the creator hears about it; Ann is also an admin, so she is listed once.
    expect(result.fired.map((f) => `${f.kind}:${f.recipients.join(',')}`)).toEqual(['overdue:ann,zoe']);
    expect(result.superseded).toBe(2);
    expect(p.fired.count()).toBe(3);
  });

  it('T4: the due query uses the partial index, so a tick reads only due rows', () => {
    const plan = t.db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT * FROM task_schedule WHERE next_reminder_at IS NOT NULL AND next_reminder_at <= ? ORDER BY next_reminder_at LIMIT ?',
      )
      .all(now, 10) as { detail: string }[];
    expect(plan.map((r) => r.detail).join(' ')).toContain('task_schedule_next_reminder');
  });
});

describe('occurrence tick', () => {
  it('T5: two hours of downtime create each missed occurrence once, also with a second ticker', async () => {
    const doc = workspace();
    const p = parts();
    const id = createTask(doc, ann, {
      projectId: FIRST_PROJECT_ID,
      title: 'Stand-up notes',
      assignee: 'bob',
    });
    doc.transact(() => {
      (doc.getMap('tasks').get(id) as Y.Map<unknown>).set('recurrence', {
        cron: '0 * * * *',
        timeZone: 'Europe/Berlin',
      });
    });
    now = Date.UTC(2026, 10, 20, 12, 30);
    project(doc, p);
    expect(p.schedule.get(WS, id)?.nextOccurrenceAt).toBe(Date.UTC(2026, 10, 20, 13));
    let calls = 0;
    const createOccurrence = async (row: { title: string }, iso: string, taskId: string) => {
      calls++;
      if (hasTask(doc, taskId)) return;
      const editor: Editor = { origin: { kind: 'server', reason: 'ticker' }, now: clock };
      createTask(doc, editor, {
        id: taskId,
        projectId: FIRST_PROJECT_ID,
        title: row.title,
        deadline: occurrenceDay({ cron: '', timeZone: 'Europe/Berlin', paused: false, skip: [] }, iso),
      });
    };
    now = Date.UTC(2026, 10, 20, 13, 0, 30);
    expect((await runOccurrenceTick({ ...p, createOccurrence, now: clock })).created).toHaveLength(1);
    // Down from 13:01 to 15:05: 14:00 and 15:00 were missed.
    now = Date.UTC(2026, 10, 20, 15, 5);
    const second = parts(t.open());
    const [a, b] = await Promise.all([
      runOccurrenceTick({ ...p, createOccurrence, now: clock }),
      runOccurrenceTick({ ...second, createOccurrence, now: clock }),
    ]);
    expect([...a.created, ...b.created].sort()).toEqual([
      `rec:${id}:2026-11-20T14:00:00.000Z`,
      `rec:${id}:2026-11-20T15:00:00.000Z`,
    ]);
    const recurring = [...doc.getMap('tasks').keys()].filter((k) => k.startsWith('rec:'));
    expect(recurring).toHaveLength(3);
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(p.schedule.get(WS, id)?.nextOccurrenceAt).toBe(Date.UTC(2026, 10, 20, 16));
    expect((await runOccurrenceTick({ ...p, createOccurrence, now: clock })).created).toEqual([]);
  });
});
