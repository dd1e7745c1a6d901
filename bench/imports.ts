/**
 * Issue 15: what a Jira CSV import (preview, then the all-or-nothing import with its dry run on a
 * copy of the workspace) and a project's CSV export cost on a real server (in this process, real
 * SQLite in a temp dir), at 500 and 2,000 issues (the import limit). Each import goes into a
 * workspace that already holds the earlier runs' projects, so later runs also show what the copy
 * of a bigger workspace adds. Not wired into bench/run.ts.
 *
 *   node --import tsx bench/imports.ts [500 2000]
 *
 * Measured 2026-12-03 on the shared 2-core machine at a load average of 15 (so noisy): preview
 * 60-400 ms at 500 issues, 0.3-0.9 s at 2,000; import 3-11 s at 500, 9-31 s at 2,000, growing
 * run after run as the workspace fills; export of the whole project 70-450 ms at 500, 0.35-0.6 s at
 * 2,000 (328 KiB). A CPU profile of one 2,000-issue import: the model's createTask is about half
 * (twice over: the dry run on a copy, then the real write), and in it `readSprints`, which each task
 * with a sprint reads whole (every sprint of the workspace, each parsed) to check the sprint takes
 * tasks; then the update's append and the notifications' pass over it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '@taskflow/server';

const sizes = process.argv.slice(2).map(Number).filter(Number.isFinite);
const SIZES = sizes.length > 0 ? sizes : [500, 2_000];
const RUNS = 3;
const STATUSES = ['To Do', 'In Progress', 'Code Review', 'Done'];

function jiraCsv(n: number): string {
  const rows = [
    'Issue key,Summary,Status,Priority,Labels,Labels,Sprint,Story Points,Created,Description,Comment',
  ];
  for (let i = 1; i <= n; i++) {
    rows.push(
      [
        `BEN-${i}`,
        `Issue number ${i} with a realistic title`,
        STATUSES[i % STATUSES.length],
        'High',
        'backend',
        `area-${i % 7}`,
        `BEN Sprint ${1 + (i % 5)}`,
        String(i % 8),
        '02/Nov/26 9:15 AM',
        `"A description of issue ${i}, with a comma."`,
        `05/Nov/26 10:00 AM;Bob Baker;Looked at issue ${i}.`,
      ].join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-imports-'));
  const server = await startServer({
    port: 0,
    dataDir: dir,
    limits: { registerPerAddress: 100, loginPerAddress: 100 },
  });
  const api = async (method: string, p: string, body?: unknown, token?: string) => {
    const res = await fetch(`${server.url}/api/v1${p}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text.slice(0, 200)}`);
    return text.startsWith('{') ? JSON.parse(text) : text;
  };
  try {
    const credentials = { email: 'bench@example.com', password: 'a long bench password', name: 'Bench' };
    await api('POST', '/auth/register', credentials);
    const { accessToken: token } = await api('POST', '/auth/login', {
      email: credentials.email,
      password: credentials.password,
    });
    const { id: ws } = await api('POST', '/workspaces', { name: 'Bench' }, token);
    for (const n of SIZES) {
      const content = jiraCsv(n);
      const mapping = Object.fromEntries(STATUSES.map((s) => [s, s]));
      for (let run = 1; run <= RUNS; run++) {
        const preview = await timed(() =>
          api('POST', `/workspaces/${ws}/project-imports/preview`, { source: 'jira', content }, token),
        );
        const done = await timed(() =>
          api('POST', `/workspaces/${ws}/project-imports`, { source: 'jira', content, mapping }, token),
        );
        const projectId = done.value.report.projectId as string;
        const exported = await timed(() => api('GET', `/projects/${projectId}/tasks.csv`, undefined, token));
        const filtered = await timed(() =>
          api('GET', `/projects/${projectId}/tasks.csv?label=area-3&priority=high`, undefined, token),
        );
        console.info(
          `imports: ${n} issues (${(content.length / 1024).toFixed(0)} KiB), run ${run}: preview ${preview.ms.toFixed(0)} ms, ` +
            `import ${done.ms.toFixed(0)} ms, export ${exported.ms.toFixed(0)} ms (${(exported.value.length / 1024).toFixed(0)} KiB), ` +
            `filtered export ${filtered.ms.toFixed(0)} ms`,
        );
      }
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
