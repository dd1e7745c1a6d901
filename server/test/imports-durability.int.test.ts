/**
 * Issue 15: a project import is on disk before its 201, like any REST write. Beside
 * imports.int.test.ts, which covers what an import makes and refuses.
 */
import { cpSync, readFileSync } from 'node:fs';
import { readBoard } from '@taskflow/model';
import { type RunningServer, startServer } from '@taskflow/server';
import { expect, test } from 'vitest';
import { call, createWorkspace, signUp } from './helpers/auth.ts';
import { readServerState } from './helpers/client.ts';
import { startTestServer } from './helpers/in-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

const TRELLO = readFileSync(new URL('./fixtures/imports/trello-board.json', import.meta.url), 'utf8');

test('an import is on disk when it is answered: a copy of the data directory taken then holds all of it', async () => {
  const server = await startTestServer();
  const copy = tempDir('import-copy');
  let again: RunningServer | undefined;
  try {
    const ann = await signUp(server.url, { name: 'Ann Archer', email: 'ann@example.com' });
    const ws = await createWorkspace(ann, 'Acme');
    const mapping = {
      Backlog: 'Backlog',
      'To Do': 'To Do',
      Doing: 'In Progress',
      Review: 'Review',
      Done: 'Done',
    };
    const done = await call(server.url, 'POST', `/workspaces/${ws}/project-imports`, {
      token: ann.accessToken,
      body: { source: 'trello', content: TRELLO, mapping },
    });
    expect(done.status).toBe(201);
    // What a crash right after the answer would leave: the files as they are at this moment.
    cpSync(server.dataDir, copy.path, { recursive: true });
    again = await startServer({ port: 0, dataDir: copy.path });
    const relogin = await call(again.url, 'POST', '/auth/login', {
      body: { email: 'ann@example.com', password: 'correct horse battery staple' },
    });
    expect(relogin.status).toBe(200);
    const wsUrl = `${again.url.replace('http', 'ws')}/sync`;
    const { doc } = await readServerState(wsUrl, async () => relogin.body.accessToken, ws);
    const board = readBoard(doc, done.body.report.projectId);
    expect(board?.columns.map((c) => [c.name, c.tasks.length])).toEqual([
      ['Backlog', 2],
      ['To Do', 1],
      ['In Progress', 1],
      ['Review', 1],
      ['Done', 1],
    ]);
  } finally {
    await again?.close();
    await server.close();
    copy.remove();
  }
});
