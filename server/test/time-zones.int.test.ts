/**
 * Issue 4, must-show 5: reminders and cron rules in three zones across a daylight-saving change,
 * through a real server whose clock the test walks hour by hour. Expected instants are written
 * out in UTC by hand and local wall times are read with Intl, not with the server's zone code.
 *
 * 2026 transitions used: Sydney springs forward on 4 Oct (+10 → +11), Berlin falls back on
 * 25 Oct (+2 → +1), New York falls back on 1 Nov (−4 → −5).
 */
import { type RunningServer, startServer } from '@taskflow/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addMember, call, createWorkspace, login, type Session, signUp } from './helpers/auth.ts';
import { occurrenceIds, withDb } from './helpers/reminder-seed.ts';
import { tempDir } from './helpers/temp-dir.ts';

const HOUR = 3_600_000;
const START = Date.parse('2026-10-01T00:00:00Z');
const END = Date.parse('2026-11-03T00:00:00Z');

type Zone = {
  tz: string;
  /** The DST change day, set as the task's deadline. */
  deadline: string;
  /** The end of that local day, in UTC, worked out by hand. */
  dueAt: string;
  /** 09:00 local the day before and the day of the change, in UTC: the offset differs. */
  nineBefore: string;
  nineOn: string;
};

const ZONES: Zone[] = [
  {
    tz: 'Australia/Sydney',
    deadline: '2026-10-04', // a 23-hour day
    dueAt: '2026-10-04T12:59:59.999Z', // 23:59:59.999 at +11
    nineBefore: '2026-10-02T23:00:00.000Z', // 3 Oct 09:00 at +10
    nineOn: '2026-10-03T22:00:00.000Z', // 4 Oct 09:00 at +11
  },
  {
    tz: 'Europe/Berlin',
    deadline: '2026-10-25', // a 25-hour day
    dueAt: '2026-10-25T22:59:59.999Z', // 23:59:59.999 at +1
    nineBefore: '2026-10-24T07:00:00.000Z', // at +2
    nineOn: '2026-10-25T08:00:00.000Z', // at +1
  },
  {
    tz: 'America/New_York',
    deadline: '2026-11-01', // a 25-hour day
    dueAt: '2026-11-02T04:59:59.999Z', // 23:59:59.999 at −5
    nineBefore: '2026-10-31T13:00:00.000Z', // at −4
    nineOn: '2026-11-01T14:00:00.000Z', // at −5
  },
];

function localWall(ms: number, tz: string): { day: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

type Item = { kind: string; taskId: string | null; createdAt: number; data?: unknown };

describe('time zones and daylight saving (three zones)', () => {
  let clock = START;
  let server: RunningServer;
  let dir: ReturnType<typeof tempDir>;
  let owner: Session;
  let ws: string;
  const people = new Map<string, Session>();
  const deadlineTask = new Map<string, string>();
  const ruleTask = new Map<string, string>();

  beforeAll(async () => {
    dir = tempDir('time-zones');
    server = await startServer({
      port: 0,
      dataDir: dir.path,
      limits: { registerPerAddress: 1000, loginPerAddress: 1000 },
      now: () => clock,
      tickMs: 3_600_000,
      senderMs: 3_600_000,
      projectionDebounceMs: 10,
    });
    owner = await signUp(server.url, { name: 'Owner in UTC' });
    ws = await createWorkspace(owner, 'Around the world');
    const project = await call(server.url, 'POST', '/projects', {
      token: owner.accessToken,
      body: { workspaceId: ws, name: 'Global' },
    });
    const projectId = project.body.project.id as string;
    for (const z of ZONES) {
      const person = await signUp(server.url, { name: `Person in ${z.tz}` });
      const me = await call(server.url, 'PATCH', '/me', {
        token: person.accessToken,
        body: { timeZone: z.tz },
      });
      expect(me.body.user.timeZone).toBe(z.tz);
      await addMember(owner, ws, person, 'member');
      people.set(z.tz, person);
      const task = await call(server.url, 'POST', '/tasks', {
        token: owner.accessToken,
        body: { projectId, title: `Deadline in ${z.tz}`, assignee: person.user.id, deadline: z.deadline },
      });
      expect(task.status).toBe(201);
      deadlineTask.set(z.tz, task.body.task.id);
      const rule = await call(server.url, 'POST', '/tasks', {
        token: owner.accessToken,
        body: { projectId, title: `Daily stand-up notes (${z.tz})` },
      });
      const set = await call(server.url, 'PATCH', `/tasks/${rule.body.task.id}`, {
        token: owner.accessToken,
        body: { recurrence: { cron: '0 9 * * *', timeZone: z.tz } },
      });
      expect(set.status).toBe(200);
      ruleTask.set(z.tz, rule.body.task.id);
    }
    // Wait until every task is in the ticker's tables.
    const ids = [...deadlineTask.values(), ...ruleTask.values()];
    for (let i = 0; ; i++) {
      const n = withDb(dir.path, (db) => {
        const rows = db.prepare('SELECT task_id FROM task_schedule WHERE workspace_id = ?').all(ws) as {
          task_id: string;
        }[];
        return rows.filter((r) => ids.includes(r.task_id)).length;
      });
      if (n === ids.length) break;
      if (i > 400) throw new Error('tasks never reached the schedule');
      await new Promise((r) => setTimeout(r, 25));
    }
    // Walk the clock an hour at a time, one ticker pass per hour.
    for (clock = START; clock <= END; clock += HOUR) await server.tick();
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    dir?.remove();
  });

  test.each(ZONES)("$tz: the deadline is the end of the day in the assignee's zone", (z) => {
    const id = deadlineTask.get(z.tz);
    const row = withDb(dir.path, (db) =>
      db.prepare('SELECT deadline_at AS at FROM task_schedule WHERE task_id = ?').get(id),
    ) as { at: number };
    expect(new Date(row.at).toISOString()).toBe(z.dueAt);
    expect(localWall(row.at, z.tz)).toEqual({ day: z.deadline, time: '23:59' });
  });

  test.each(ZONES)(
    '$tz: 24 h before, at the deadline and 1 h overdue, each once, in the hour after it falls due',
    async (z) => {
      const person = people.get(z.tz) as Session;
      const id = deadlineTask.get(z.tz);
      const list = await call(server.url, 'GET', '/notifications?limit=100', { token: person.accessToken });
      const mine = (list.body.items as Item[]).filter((n) => n.taskId === id && n.kind !== 'assigned');
      const due = Date.parse(z.dueAt);
      // Oldest first. The clock steps an hour at a time from midnight UTC, so each one fires at the
      // first full hour after it falls due: an hour off in either direction would show here.
      const fired = mine.map((n) => [n.kind, n.createdAt]).reverse();
      const expected: [string, number][] = [
        ['reminder', due - 24 * HOUR],
        ['reminder', due],
        ['escalation', due + HOUR],
      ];
      expect(fired).toHaveLength(3);
      expected.forEach(([kind, at], i) => {
        const [firedKind, firedAt] = fired[i] as [string, number];
        expect(firedKind).toBe(kind);
        expect(firedAt - at).toBeGreaterThan(0);
        expect(firedAt - at).toBeLessThanOrEqual(1);
      });
      // The owner (an admin) is told of the escalation too.
      const theirs = await call(server.url, 'GET', '/notifications?limit=100', { token: owner.accessToken });
      expect((theirs.body.items as Item[]).filter((n) => n.taskId === id).map((n) => n.kind)).toEqual([
        'escalation',
      ]);
    },
  );

  test.each(ZONES)('$tz: "0 9 * * *" makes one task a day at 09:00 local, across the change', (z) => {
    const rule = ruleTask.get(z.tz) as string;
    const instants = occurrenceIds(dir.path, ws, rule)
      .map((id) => Date.parse(id.slice(`rec:${rule}:`.length)))
      .sort((a, b) => a - b);
    expect(instants.every((t) => t >= START && t <= END)).toBe(true);
    const walls = instants.map((t) => localWall(t, z.tz));
    expect(walls.every((w) => w.time === '09:00')).toBe(true);
    // One per local day, none missing, none twice.
    const days = walls.map((w) => w.day);
    expect(new Set(days).size).toBe(days.length);
    for (let i = 1; i < days.length; i++) {
      const gap = Date.parse(`${days[i]}T00:00:00Z`) - Date.parse(`${days[i - 1]}T00:00:00Z`);
      expect(gap).toBe(24 * HOUR);
    }
    expect(days.length).toBeGreaterThanOrEqual(31);
    const iso = instants.map((t) => new Date(t).toISOString());
    expect(iso).toContain(z.nineBefore);
    expect(iso).toContain(z.nineOn);
  });

  test("sign-up takes the browser's zone; one the server does not know is dropped, not refused", async () => {
    const zoneOf = (email: string) =>
      withDb(dir.path, (db) =>
        db.prepare('SELECT time_zone AS z, time_zone_set AS chosen FROM users WHERE email = ?').get(email),
      );
    const tokyo = await call(server.url, 'POST', '/auth/register', {
      body: {
        email: 'tokyo@example.com',
        password: 'correct horse battery staple',
        name: 'Ken',
        timeZone: 'Asia/Tokyo',
      },
    });
    expect(tokyo.status).toBe(201);
    expect(zoneOf('tokyo@example.com')).toEqual({ z: 'Asia/Tokyo', chosen: 1 });
    const mars = await call(server.url, 'POST', '/auth/register', {
      body: {
        email: 'mars@example.com',
        password: 'correct horse battery staple',
        name: 'Ares',
        timeZone: 'Mars/Olympus',
      },
    });
    expect(mars.status).toBe(201);
    expect(zoneOf('mars@example.com')).toMatchObject({ chosen: 0 });
    // GET /me says so: null until chosen (so a settings page does not pin anyone to UTC).
    const ares = await login(server.url, 'mars@example.com', 'correct horse battery staple');
    expect((await call(server.url, 'GET', '/me', { token: ares.accessToken })).body.user.timeZone).toBeNull();
    const ken = await login(server.url, 'tokyo@example.com', 'correct horse battery staple');
    expect((await call(server.url, 'GET', '/me', { token: ken.accessToken })).body.user.timeZone).toBe(
      'Asia/Tokyo',
    );
  });
});
