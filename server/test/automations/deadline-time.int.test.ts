/**
 * Reminders for a deadline with a time of day, on a real SQLite file and a real workspace
 * document, with the clock moved by hand: the chain runs from that instant (in the zone the time
 * was set in), each step fires once, also from a second connection after a restart, and moving
 * the time starts a new chain.
 */
import { createTask, type Editor, FIRST_PROJECT_ID, seedWorkspace, updateTask } from '@taskflow/model';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { projectSchedule } from '../../src/automations/projection.ts';
import { tickerHarness } from '../helpers/ticker-harness.ts';
import { type TempDb, tempDb } from './temp-db.ts';

const MIN = 60_000;
const H = 60 * MIN;
const WS = 'ws1';
let t: TempDb;
let now: number;
const clock = () => now;
const ann: Editor = { origin: { kind: 'user', actorId: 'ann' }, now: clock };

function parts(db = t.db) {
  return tickerHarness(db, { holder: `ticker-${Math.random()}`, now: clock, adminsOf: () => ['zoe'] });
}

function project(doc: Y.Doc, p: ReturnType<typeof parts>) {
  // Bob's own zone is Berlin: a day-only deadline would end at 22:59:59.999 UTC.
  const rows = projectSchedule(doc, {
    workspaceId: WS,
    workspaceTimeZone: 'UTC',
    timeZoneOf: (u) => (u === 'bob' ? 'Europe/Berlin' : undefined),
  });
  p.schedule.replaceWorkspace(WS, rows, p.settings.get(WS), now);
}

function workspace(): Y.Doc {
  const doc = new Y.Doc();
  seedWorkspace(doc, { workspaceId: WS, now: clock });
  return doc;
}

/** Ticks every minute from `from` to `to`, and says which steps fired at which minute. */
function walk(p: ReturnType<typeof parts>, from: number, to: number): string[] {
  const seen: string[] = [];
  for (now = from; now <= to; now += MIN)
    for (const f of p.tick().fired) seen.push(`${f.kind}@${new Date(now).toISOString()}`);
  return seen;
}

beforeEach(() => {
  t = tempDb();
  now = Date.UTC(2026, 10, 20, 12);
});
afterEach(() => t.cleanup());

describe('reminders for a deadline with a time of day', () => {
  it('D1: fire 24 h before, at, and 1 h after 09:30 New York time, once each, across a restart', () => {
    const doc = workspace();
    const p = parts();
    const id = createTask(doc, ann, {
      projectId: FIRST_PROJECT_ID,
      title: 'Board meeting',
      assignee: 'bob',
      deadline: '2026-11-25',
      deadlineTime: '09:30 America/New_York',
    });
    project(doc, p);
    // 09:30 EST is 14:30 UTC, not the end of Bob's day.
    const due = Date.UTC(2026, 10, 25, 14, 30);
    expect(walk(p, due - 25 * H, due - 23 * H)).toEqual([`before@${new Date(due - 24 * H).toISOString()}`]);
    // The server restarts: a new connection and new stores on the same file fire nothing twice.
    const restarted = parts(t.open());
    expect(walk(restarted, due - 23 * H, due + 2 * H)).toEqual([
      `at@${new Date(due).toISOString()}`,
      `overdue@${new Date(due + H).toISOString()}`,
    ]);
    expect(walk(p, due + 2 * H, due + 3 * H)).toEqual([]);
    const bodies = restarted.inApp.list('bob').items.map((n) => n.body);
    expect(bodies).toEqual(Array(3).fill('Deadline 2026-11-25 09:30 (America/New_York)'));
    expect(restarted.schedule.get(WS, id)?.nextReminderAt).toBeNull();
  });

  it('D2: moving the time starts a new chain; a day-only deadline still ends the day', () => {
    const doc = workspace();
    const p = parts();
    const id = createTask(doc, ann, {
      projectId: FIRST_PROJECT_ID,
      title: 'Report',
      assignee: 'bob',
      deadline: '2026-11-22',
      deadlineTime: '08:00 UTC',
    });
    project(doc, p);
    const first = Date.UTC(2026, 10, 22, 8);
    expect(walk(p, first - 24 * H - MIN, first - 24 * H)).toEqual([
      `before@${new Date(first - 24 * H).toISOString()}`,
    ]);
    updateTask(doc, ann, id, { deadlineTime: '17:00 UTC' });
    project(doc, p);
    const second = Date.UTC(2026, 10, 22, 17);
    expect(walk(p, second - 24 * H - MIN, second - 24 * H)).toEqual([
      `before@${new Date(second - 24 * H).toISOString()}`,
    ]);
    // Clearing the time: due when Bob's day ends in Berlin, a third chain.
    updateTask(doc, ann, id, { deadlineTime: null });
    project(doc, p);
    expect(p.schedule.get(WS, id)?.deadlineAt).toBe(Date.UTC(2026, 10, 22, 22, 59, 59, 999));
    const bodies = p.inApp.list('bob').items.map((n) => n.body);
    expect(bodies.sort()).toEqual(['Deadline 2026-11-22 08:00 (UTC)', 'Deadline 2026-11-22 17:00 (UTC)']);
  });
});
