/**
 * Issue 13: what one page of `GET /api/v1/projects/:id/tasks` costs on a real server (in this
 * process, real SQLite in a temp dir) with 1,500 and 10,000 tasks in the workspace: the first page,
 * a page from the middle (by cursor), and a filtered page. Not wired into bench/run.ts yet.
 *
 *   node --import tsx bench/rest-pages.ts [1500 10000]
 *
 * Against a server without paging, the first "page" is the whole list (it ignores no parameter:
 * the script sends none on the first page).
 *
 * Measured 2026-12-03 (2 cores, board open in one client, p50 of 30):
 *   before paging (4053d8b): the whole list, 100 ms at 1,500 tasks, 1,357 ms at 10,000;
 *                            the backlog, 49 ms at 1,500, 380 ms at 10,000.
 *   after: a 100-task page 5-13 ms at 1,500 and at 10,000 (first or middle page); the backlog's
 *          first page 9 ms and 11 ms; a filtered page (q) still scans until it fills: 45-68 ms at
 *          1,500, 265-460 ms at 10,000. With nobody connected each request loads the document
 *          first (0.3-0.6 s at 1,500, 1.5-3.3 s at 10,000), whatever the route does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '@taskflow/server';
import { connectSeedClient, seedTasks } from '../e2e/fixtures/seed-client.ts';

const sizes = process.argv.slice(2).map(Number).filter(Number.isFinite);
const SIZES = sizes.length > 0 ? sizes : [1_500, 10_000];
const RUNS = 30;

type Body = { tasks: unknown[]; nextCursor?: string | null; accessToken: string; user: { id: string } };

async function json(url: string, init: RequestInit & { token?: string } = {}) {
  const res = await fetch(url, {
    ...init,
    headers: {
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
  });
  return { status: res.status, body: (await res.json()) as Body };
}

function p50(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

async function timed(url: string, token: string) {
  const times: number[] = [];
  let last: { status: number; body: Body } | undefined;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    last = await json(url, { token });
    times.push(performance.now() - t0);
    if (last.status !== 200) throw new Error(`${url}: ${last.status} ${JSON.stringify(last.body)}`);
  }
  if (!last) throw new Error('no runs');
  return { p50: p50(times), first: times[0] as number, body: last.body };
}

async function main() {
  for (const n of SIZES) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'taskflow-bench-rest-pages-'));
    const server = await startServer({ port: 0, dataDir });
    try {
      const api = `${server.url}/api/v1`;
      const reg = await json(`${api}/auth/register`, {
        method: 'POST',
        body: JSON.stringify({ email: 'ada@example.com', password: 'correct horse battery', name: 'Ada' }),
      });
      if (reg.status !== 201) throw new Error(`register: ${reg.status}`);
      const userId = reg.body.user.id;
      const login = await json(`${api}/auth/login`, {
        method: 'POST',
        body: JSON.stringify({ email: 'ada@example.com', password: 'correct horse battery' }),
      });
      const token = login.body.accessToken;
      const seeder = await connectSeedClient(server.url, { token, actorId: userId });
      await seedTasks(seeder, 'first', n);
      await seeder.acked();
      // Someone keeps the board open (the document stays loaded): what is timed is the route's own
      // work. With nobody connected, each request loads the document first (timed once below).
      const list = `${api}/projects/first/tasks?workspaceId=default`;
      const first = await timed(list, token);
      const count = first.body.tasks.length;
      const cursor = first.body.nextCursor;
      let middle: { p50: number } | undefined;
      if (cursor) {
        // Walk to the middle of the list, then time that page.
        let at = cursor;
        for (let i = 0; i < Math.floor(n / 100 / 2); i++) {
          const next = (await json(`${list}&cursor=${at}`, { token })).body.nextCursor;
          if (!next) break;
          at = next;
        }
        middle = await timed(`${list}&cursor=${at}`, token);
      }
      const filtered = cursor ? await timed(`${list}&q=task%2012`, token) : undefined;
      const backlog = await timed(`${api}/projects/first/backlog?workspaceId=default`, token);
      seeder.destroy();
      await new Promise((r) => setTimeout(r, 500));
      const unloaded = performance.now();
      await json(list, { token });
      const loadMs = performance.now() - unloaded;
      console.log(
        [
          `${n} tasks:`,
          `first page (${count} tasks) p50 ${first.p50.toFixed(1)} ms (cold ${first.first.toFixed(1)} ms)`,
          middle ? `middle page p50 ${middle.p50.toFixed(1)} ms` : '',
          filtered ? `q=task 12 page p50 ${filtered.p50.toFixed(1)} ms` : '',
          `backlog first page (${backlog.body.tasks.length}) p50 ${backlog.p50.toFixed(1)} ms`,
          `first page with nobody connected ${loadMs.toFixed(0)} ms`,
        ]
          .filter(Boolean)
          .join(' · '),
      );
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

await main();
