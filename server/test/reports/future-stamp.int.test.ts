/**
 * Issue 12 (docs/REPORTS.md): a stamp later than its arrival counts at its arrival: a clock cannot
 * make work in the future.
 */
import { createProject, createTask, type Editor, moveTask } from '@taskflow/model';
import { afterAll, describe, expect, test } from 'vitest';
import { call, createWorkspace, signUp } from '../helpers/auth.ts';
import { connectClient, type TestClient } from '../helpers/client.ts';
import { startTestServer, type TestServer } from '../helpers/in-process.ts';

describe('issue 12: a stamp later than its arrival counts at its arrival (a clock cannot make work in the future)', () => {
  let server: TestServer;
  let client: TestClient | undefined;
  afterAll(async () => {
    client?.destroy();
    await server?.close();
  });

  test('a move stamped next year, arriving today, is in Done at the end of today, not before', async () => {
    // The server's clock is the real one here: "today" is the day the move arrives.
    server = await startTestServer({ tickMs: 3_600_000, senderMs: 3_600_000 });
    const una = await signUp(server.url, { name: 'Una' });
    const ws = await createWorkspace(una, 'Clocks');
    client = connectClient(server.wsUrl, { name: ws, token: una.token });
    await client.synced;
    const me = { kind: 'user', actorId: una.user.id } as const;
    const now: Editor = { origin: me };
    const t0 = Date.now();
    const p = createProject(client.doc, now, { name: 'Clocks', key: 'CLK' }).id;
    const id = createTask(client.doc, now, { projectId: p, title: 'Fast clock' });
    await client.acked();
    moveTask(client.doc, { origin: me, now: () => Date.parse('2027-01-10T12:00:00Z') }, id, `${p}:col3`, 0);
    await client.acked();
    const after = Date.now();
    const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const yesterday = utcDay(t0 - 86_400_000);
    // The move arrived before `after`: done by the end of after's day; the task did not
    // exist yet at the end of the day before t0's (robust if the test runs across midnight UTC).
    const res = await call(
      server.url,
      'GET',
      `/projects/${p}/cfd?workspaceId=${ws}&from=${yesterday}&to=${utcDay(after)}`,
      { token: una.accessToken },
    );
    expect(res.status).toBe(200);
    const days = res.body.days as { date: string; counts: Record<string, number> }[];
    expect(days[0]).toEqual({
      date: yesterday,
      counts: { [`${p}:col1`]: 0, [`${p}:col2`]: 0, [`${p}:col3`]: 0 },
    });
    expect(days.at(-1)).toEqual({
      date: utcDay(after),
      counts: { [`${p}:col1`]: 0, [`${p}:col2`]: 0, [`${p}:col3`]: 1 },
    });
    const created = await call(
      server.url,
      'GET',
      `/projects/${p}/created-resolved?workspaceId=${ws}&from=${utcDay(after)}&to=${utcDay(after)}`,
      { token: una.accessToken },
    );
    expect(created.body.weeks.reduce((n: number, w: { resolved: number }) => n + w.resolved, 0)).toBe(1);
  });
});
