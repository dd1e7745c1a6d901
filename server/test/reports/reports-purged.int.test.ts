/**
 * Issue 12 with history purged (docs/REPORTS.md, "Cost"): after a purge and a restart, the reports
 * have no entries for the tasks made before it, and count each as the document has it now, from
 * its creation, archived from its `archivedAt` (a task's moves before the purge are gone).
 */

import {
  archiveTask,
  createProject,
  createTask,
  type Editor,
  liveColumns,
  moveTask,
  readColumns,
} from '@taskflow/model';
import { type StartOptions, startServer } from '@taskflow/server';
import { expect, test } from 'vitest';
import { call, createWorkspace, signUp } from '../helpers/auth.ts';
import { connectClient } from '../helpers/client.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const DAY = 86_400_000;
const dayAt = (ms: number) => new Date(ms).toISOString().slice(0, 10);

test('after a purge and a restart, tasks count as they are now, from their creation', async () => {
  const dir = tempDir('purged');
  const options: StartOptions = {
    port: 0,
    dataDir: dir.path,
    // Every update compacted at once: a purge removes only rows the load snapshot holds.
    compactEvery: 1,
    limits: { registerPerAddress: 1000, loginPerAddress: 1000 },
  };
  const NOW = Date.now();
  const at = (ms: number, base: Editor): Editor => ({ ...base, now: () => ms });
  let first = await startServer(options);
  try {
    const ann = await signUp(first.url, { name: 'Ann' });
    const ws = await createWorkspace(ann, 'Purged');
    const board = connectClient(`${first.url.replace('http', 'ws')}/sync`, { name: ws, token: ann.token });
    await board.synced;
    const project = createProject(board.doc, at(NOW - 20 * DAY, board.editor), { name: 'Old', key: 'OLD' });
    const [todo, , done] = liveColumns(readColumns(board.doc, project.id)).map((c) => c.id) as [
      string,
      string,
      string,
    ];
    const made = at(NOW - 10 * DAY, board.editor);
    const [, finished, archived] = ['stays', 'finished', 'archived'].map((title) =>
      createTask(board.doc, made, { projectId: project.id, title }),
    ) as [string, string, string];
    moveTask(board.doc, at(NOW - 5 * DAY, board.editor), finished, done, 0);
    archiveTask(board.doc, at(NOW - 3 * DAY, board.editor), archived);
    await board.acked();
    board.destroy();
    const path = `/projects/${project.id}/cfd?from=${dayAt(NOW - 11 * DAY)}&to=${dayAt(NOW)}`;
    const counts = async (url: string, token: string) => {
      const res = await call(url, 'GET', path, { token });
      expect(res.status).toBe(200);
      const days = res.body.days as { counts: Record<string, number> }[];
      return { todo: days.map((d) => d.counts[todo]), done: days.map((d) => d.counts[done]) };
    };
    // Before: the move on day −5 and the archive on day −3 are in history.
    expect(await counts(first.url, ann.accessToken)).toEqual({
      todo: [0, 3, 3, 3, 3, 3, 2, 2, 1, 1, 1, 1],
      done: [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1],
    });
    const purge = await call(first.url, 'POST', `/workspaces/${ws}/history/purge`, {
      token: ann.accessToken,
      body: { before: new Date().toISOString() },
    });
    expect(purge.status).toBe(200);
    expect(purge.body.rowsDeleted).toBeGreaterThan(0);
    const left = await call(first.url, 'GET', `/tasks/${finished}/activity?workspaceId=${ws}`, {
      token: ann.accessToken,
    });
    expect(left.body.items).toEqual([]);
    await first.close();
    first = await startServer(options);
    // After: the finished task is done since its creation (its move is gone); the archived one
    // counted until its archivedAt.
    expect(await counts(first.url, ann.accessToken)).toEqual({
      todo: [0, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1],
      done: [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    });
  } finally {
    await first.close();
    dir.remove();
  }
});
