/**
 * Issue 15, must-show 3 (imports): the Trello and Jira fixtures (server/test/fixtures/imports/)
 * become the expected boards, asserted task by task; every hostile file gets a clear 4xx and leaves
 * the workspace document exactly as it was (its state, compared before and after); and the CSV
 * export applies the board's filter and defuses formulas.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import {
  type Board,
  readBoard,
  readChecklist,
  readComments,
  readProjects,
  readSprints,
  type Task,
} from '@taskflow/model';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { IMPORT_MAX_TASKS } from '../src/transfer/import-plan.ts';
import { addMember, call, createWorkspace, type Session, signUp } from './helpers/auth.ts';
import { connectClient, readServerState, type TestClient, until } from './helpers/client.ts';
import { startTestServer, type TestServer } from './helpers/in-process.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/imports/${name}`, import.meta.url), 'utf8');
const TRELLO = fixture('trello-board.json');
const JIRA = fixture('jira-export.csv');

type Skipped = { ref: string; reason: string };

describe('project imports (Trello, Jira) and the CSV export', () => {
  let server: TestServer;
  let ann: Session;
  let bob: Session;
  let ws: string;
  let board: TestClient;

  beforeAll(async () => {
    server = await startTestServer();
    ann = await signUp(server.url, { name: 'Ann Archer', email: 'ann@example.com' });
    bob = await signUp(server.url, { name: 'Bob Baker', email: 'bob@example.com' });
    ws = await createWorkspace(ann, 'Acme');
    await addMember(ann, ws, bob, 'member');
    board = connectClient(server.wsUrl, { name: ws, token: ann.token });
    await board.synced;
  });
  afterAll(async () => {
    board?.destroy();
    await server?.close();
  });

  const api = (method: string, path: string, body?: unknown, who: Session = ann) =>
    call(server.url, method, path, { token: who.accessToken, body });
  const preview = (body: unknown, who?: Session) =>
    api('POST', `/workspaces/${ws}/project-imports/preview`, body, who);
  const importFile = (body: unknown, who?: Session) =>
    api('POST', `/workspaces/${ws}/project-imports`, body, who);

  /** The board of the project an import made, once the open board has received all of it. */
  async function importedBoard(projectId: string, tasks: number): Promise<Board> {
    await until(board.doc, (doc) => {
      const b = readBoard(doc, projectId);
      return b !== undefined && b.columns.reduce((n, c) => n + c.tasks.length, 0) === tasks;
    });
    return readBoard(board.doc, projectId) as Board;
  }
  const columnOf = (b: Board, task: Task) => b.columns.find((c) => c.id === task.columnId)?.name;
  const byTitle = (b: Board, title: string) => {
    const task = b.columns.flatMap((c) => c.tasks).find((t) => t.title === title);
    if (!task) throw new Error(`no task titled ${title}`);
    return task;
  };
  const commentBodies = (taskId: string) => readComments(board.doc, taskId).map((c) => c.body);

  test('Trello: the preview proposes a column per list; the import makes the board card by card', async () => {
    const members = { annarcher: 'ann@example.com' };
    const seen = await preview({ source: 'trello', content: TRELLO, members });
    expect(seen.status).toBe(200);
    const p = seen.body.preview;
    expect(p.name).toBe('Website Relaunch');
    expect(p.statuses).toEqual([
      { name: 'Backlog', tasks: 2, column: 'Backlog' },
      { name: 'To Do', tasks: 1, column: 'To Do' },
      { name: 'Doing', tasks: 1, column: 'In Progress' },
      { name: 'Review', tasks: 1, column: 'Review' },
      { name: 'Done', tasks: 1, column: 'Done' },
    ]);
    expect(p).toMatchObject({ tasks: 6, checklistItems: 5, comments: 3 });
    const reasons = (p.skipped as Skipped[]).map((s) => `${s.ref}: ${s.reason}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        'nO9pQ1rS: archived card',
        'tU3vW5xY: in the archived list "Old ideas"',
        'pQ2rS4tU: assignee Zed Zulu is not a member of this workspace: left unassigned',
      ]),
    );

    const mapping = Object.fromEntries(
      p.statuses.map((s: { name: string; column: string }) => [s.name, s.column]),
    );
    const done = await importFile({ source: 'trello', content: TRELLO, members, mapping });
    expect(done.status).toBe(201);
    const report = done.body.report;
    expect(report).toMatchObject({
      projectName: 'Website Relaunch',
      columns: ['Backlog', 'To Do', 'In Progress', 'Review', 'Done'],
      created: 6,
      checklistItems: 5,
      comments: 3,
    });
    expect(report.skipped).toEqual(p.skipped);

    const b = await importedBoard(report.projectId, 6);
    expect(b.columns.map((c) => c.name)).toEqual(['Backlog', 'To Do', 'In Progress', 'Review', 'Done']);
    expect(b.columns.map((c) => c.tasks.map((t) => t.title))).toEqual([
      ['Set up analytics', 'Set up analytics (second try)'],
      ['Design the landing page'],
      [expect.stringContaining('Fix login redirect')],
      ['Write release notes'],
      ['Launch checklist'],
    ]);

    const landing = byTitle(b, 'Design the landing page');
    expect(landing).toMatchObject({
      description: 'Hero, pricing and footer.\nMobile first.',
      labels: ['frontend'],
      assignee: ann.user.id,
      deadline: '2026-12-15',
      priority: 'medium',
      createdAt: '2024-11-23T09:35:12.000Z',
    });
    expect(readChecklist(board.doc, landing.id).map((i) => [i.text, i.done])).toEqual([
      ['Hero', true],
      ['Pricing', false],
    ]);
    expect(commentBodies(landing.id)).toEqual([
      'Bob Baker wrote on Trello:\n\nUse the new brand colours.',
      'Ann Archer wrote on Trello:\n\nAgreed, and the footer gets the newsletter form.',
    ]);
    expect(readComments(board.doc, landing.id).map((c) => c.createdAt)).toEqual([
      '2026-11-19T15:30:00.000Z',
      '2026-11-20T10:12:00.000Z',
    ]);

    // Script in a title is a title: stored as the text it is (the web app shows it as text).
    const redirect = byTitle(
      b,
      '<script>window.__pwned = true</script><img src=x onerror="window.__pwned = true"> Fix login redirect',
    );
    expect(redirect).toMatchObject({ labels: ['bug'], assignee: bob.user.id, deadline: null });
    expect(columnOf(b, redirect)).toBe('In Progress');

    // A label without a name is named by its colour; a non-member is left unassigned.
    expect(byTitle(b, 'Write release notes')).toMatchObject({
      labels: ['purple'],
      assignee: null,
      deadline: '2026-12-20',
    });
    expect(byTitle(b, 'Set up analytics (second try)').labels).toEqual(['frontend', 'bug']);

    const launch = byTitle(b, 'Launch checklist');
    expect(readChecklist(board.doc, launch.id).map((i) => [i.text, i.done])).toEqual([
      ['DNS switched', true],
      ['Redirects tested', true],
      ['Announce on the blog', false],
    ]);
    expect(commentBodies(launch.id)).toEqual([
      'Ann Archer wrote on Trello:\n\nLive! =SUM(A1:A2) stays text.',
    ]);
    expect(launch).toMatchObject({ assignee: ann.user.id, deadline: '2026-11-30' });
  });

  test('Jira: statuses in workflow order, sprints, story points, priorities, assignees by email or name', async () => {
    const seen = await preview({ source: 'jira', content: JIRA });
    expect(seen.status).toBe(200);
    const p = seen.body.preview;
    expect(p.statuses.map((s: { name: string; column: string }) => [s.name, s.column])).toEqual([
      ['Backlog', 'Backlog'],
      ['To Do', 'To Do'],
      ['In Progress', 'In Progress'],
      ['Code Review', 'Code Review'],
      ['Done', 'Done'],
    ]);
    expect(p).toMatchObject({ tasks: 5, comments: 2, sprints: ['SHOP Sprint 2', 'SHOP Sprint 1'] });
    expect(p.skipped).toEqual([
      {
        ref: 'SHOP-4',
        reason: 'assignee carol@elsewhere.example is not a member of this workspace: left unassigned',
      },
    ]);

    // Code Review goes into In Progress: two statuses, one column.
    const mapping = {
      Backlog: 'Backlog',
      'To Do': 'To Do',
      'In Progress': 'In Progress',
      'Code Review': 'In Progress',
      Done: 'Done',
    };
    const done = await importFile({ source: 'jira', content: JIRA, mapping });
    expect(done.status).toBe(201);
    const report = done.body.report;
    expect(report).toMatchObject({
      projectName: 'Shop',
      projectKey: 'SHOP',
      columns: ['Backlog', 'To Do', 'In Progress', 'Done'],
      created: 5,
      sprints: 2,
      comments: 2,
    });
    const b = await importedBoard(report.projectId, 5);
    const sprints = new Map(readSprints(board.doc, report.projectId).map((s) => [s.id, s.name]));
    const sprintOf = (t: Task) => (t.sprintId === null ? null : sprints.get(t.sprintId));

    const checkout = byTitle(b, 'Checkout fails with an expired card');
    expect(checkout).toMatchObject({
      type: 'bug',
      priority: 'highest',
      assignee: ann.user.id,
      labels: ['payments', 'urgent'],
      estimate: 3,
      deadline: '2026-12-20',
      createdAt: '2026-11-02T09:15:00.000Z',
      description: 'Steps:\n1. Add a card that expired last month\n2. Pay\nThe spinner never stops.',
    });
    expect(columnOf(b, checkout)).toBe('In Progress');
    // Carried over from sprint 1: the last sprint named is the one it is in.
    expect(sprintOf(checkout)).toBe('SHOP Sprint 2');
    expect(commentBodies(checkout.id)).toEqual([
      'Bob Baker wrote on Jira:\n\nReproduced on staging.',
      'ann@example.com wrote on Jira:\n\nFix is up for review; see the PR.',
    ]);

    const applePay = byTitle(b, 'Add Apple Pay');
    expect(applePay).toMatchObject({
      type: 'story',
      priority: 'medium',
      assignee: bob.user.id,
      labels: ['payments'],
      estimate: 8,
      deadline: null,
      description: 'Needs the merchant id, and "domain verification" first.',
    });
    expect(columnOf(b, applePay)).toBe('To Do');
    expect(sprintOf(applePay)).toBe('SHOP Sprint 2');

    const cart = byTitle(b, 'Refactor the cart service');
    expect(cart).toMatchObject({ type: 'task', priority: 'low', assignee: null, labels: [], estimate: 5 });
    expect(columnOf(b, cart)).toBe('In Progress');
    expect(sprintOf(cart)).toBeNull();

    const privacy = byTitle(b, 'Update the privacy policy');
    expect(privacy).toMatchObject({
      priority: 'lowest',
      assignee: null,
      labels: ['legal'],
      deadline: '2026-10-15',
    });
    expect(columnOf(b, privacy)).toBe('Done');
    expect(sprintOf(privacy)).toBe('SHOP Sprint 1');

    const formula = byTitle(b, '=HYPERLINK("http://evil.example","Open me")');
    expect(formula).toMatchObject({
      type: 'bug',
      priority: 'high',
      description: '-2+3 in the description too',
    });
    expect(columnOf(b, formula)).toBe('Backlog');
  });

  test('CSV export: the board filter applies, and cells a spreadsheet would run start with an apostrophe', async () => {
    const project = readProjects(board.doc).find((p) => p.key === 'SHOP');
    expect(project).toBeDefined();
    const get = async (query: string) => {
      const res = await fetch(`${server.url}/api/v1/projects/${project?.id}/tasks.csv${query}`, {
        headers: { authorization: `Bearer ${ann.accessToken}` },
      });
      return { res, rows: parse(await res.text(), { columns: true }) as Record<string, string>[] };
    };
    const all = await get('');
    expect(all.res.status).toBe(200);
    expect(all.res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(all.res.headers.get('content-disposition')).toBe('attachment; filename="SHOP-tasks.csv"');
    expect(Object.keys(all.rows[0] ?? {})).toEqual([
      'key',
      'title',
      'status',
      'priority',
      'assignee',
      'labels',
      'sprint',
      'estimate',
      'due',
      'created',
      'description',
    ]);
    expect(all.rows.map((r) => r.title)).toEqual([
      `'=HYPERLINK("http://evil.example","Open me")`,
      'Add Apple Pay',
      'Checkout fails with an expired card',
      'Refactor the cart service',
      'Update the privacy policy',
    ]);
    const formula = all.rows[0];
    expect(formula).toMatchObject({
      status: 'Backlog',
      priority: 'high',
      description: "'-2+3 in the description too",
    });
    expect(formula?.key).toMatch(/^SHOP-\d+$/);
    const checkout = all.rows.find((r) => r.title === 'Checkout fails with an expired card');
    expect(checkout).toMatchObject({
      status: 'In Progress',
      priority: 'highest',
      assignee: 'Ann Archer <ann@example.com>',
      labels: 'payments, urgent',
      sprint: 'SHOP Sprint 2',
      estimate: '3',
      due: '2026-12-20',
      created: '2026-11-02T09:15:00.000Z',
    });

    const titles = async (query: string) => (await get(query)).rows.map((r) => r.title);
    expect(await titles('?label=payments')).toEqual(['Add Apple Pay', 'Checkout fails with an expired card']);
    expect(await titles('?assignee=me')).toEqual(['Checkout fails with an expired card']);
    expect(await titles(`?assignee=${bob.user.id}&assignee=none&priority=lowest&priority=medium`)).toEqual([
      'Add Apple Pay',
      'Update the privacy policy',
    ]);
    expect(await titles('?q=cart')).toEqual(['Refactor the cart service']);
    expect(await titles('?type=bug&due=none')).toEqual([`'=HYPERLINK("http://evil.example","Open me")`]);
    const sprint2 = readSprints(board.doc, project?.id ?? '').find((s) => s.name === 'SHOP Sprint 2');
    expect(await titles(`?sprint=${sprint2?.id}`)).toEqual([
      'Add Apple Pay',
      'Checkout fails with an expired card',
    ]);
    expect(await titles('?sprint=backlog')).toEqual([
      `'=HYPERLINK("http://evil.example","Open me")`,
      'Refactor the cart service',
    ]);
    // A viewer-level read: any member may export; a stranger is told the project does not exist.
    const stranger = await signUp(server.url, { name: 'Stranger' });
    const refused = await fetch(`${server.url}/api/v1/projects/${project?.id}/tasks.csv`, {
      headers: { authorization: `Bearer ${stranger.accessToken}` },
    });
    expect(refused.status).toBe(404);
  });

  describe('a hostile or wrong file changes nothing', () => {
    const state = async () => Y.encodeStateAsUpdate((await readServerState(server.wsUrl, ann.token, ws)).doc);
    const unchanged = async <T>(attempt: () => Promise<T>): Promise<T> => {
      const before = await state();
      const answer = await attempt();
      expect(Buffer.from(await state()).equals(Buffer.from(before))).toBe(true);
      return answer;
    };
    const trelloMapping = {
      Backlog: 'Backlog',
      'To Do': 'To Do',
      Doing: 'In Progress',
      Review: 'Review',
      Done: 'Done',
    };

    test('wrong format: CSV as Trello, JSON as Jira, JSON that is no board', async () => {
      const csvAsTrello = await unchanged(() =>
        importFile({ source: 'trello', content: JIRA, mapping: trelloMapping }),
      );
      expect(csvAsTrello.status).toBe(400);
      expect(csvAsTrello.body.error).toMatchObject({
        code: 'invalid_input',
        message: expect.stringContaining('not JSON'),
      });
      const jsonAsJira = await unchanged(() => importFile({ source: 'jira', content: TRELLO, mapping: {} }));
      expect(jsonAsJira.status).toBe(400);
      expect(jsonAsJira.body.error.message).toContain('not a Jira CSV export');
      const noBoard = await unchanged(() => preview({ source: 'trello', content: '{"boards": []}' }));
      expect(noBoard.status).toBe(400);
      expect(noBoard.body.error.message).toContain('not a Trello board export');
      const brokenCsv = await unchanged(() =>
        preview({ source: 'jira', content: 'Summary,Status\n"never closed,To Do\n' }),
      );
      expect(brokenCsv.status).toBe(400);
      expect(brokenCsv.body.error.message).toContain('not a Jira CSV export: it does not read as CSV');
    });

    test('a 200 MB upload is refused from its Content-Length, before the body is read', async () => {
      const before = await state();
      const url = new URL(`${server.url}/api/v1/workspaces/${ws}/project-imports`);
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: 'POST',
            headers: {
              authorization: `Bearer ${ann.accessToken}`,
              'content-type': 'application/json',
              'content-length': String(200 * 1024 * 1024),
            },
          },
          (res) => {
            let body = '';
            res.on('data', (chunk) => {
              body += chunk;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        // The server closes the connection after its answer; a reset after that is expected.
        req.on('error', (error) => setTimeout(() => reject(error), 1_000));
        // Only the first KiB ever goes out: the answer has to come without the rest.
        req.write(`{"source":"trello","content":"${'x'.repeat(1024)}`);
      });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body).error.code).toBe('payload_too_large');
      expect(Buffer.from(await state()).equals(Buffer.from(before))).toBe(true);
    });

    test('deep nesting is refused before parsing', async () => {
      const deep = `{"name":"x","lists":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
      const answer = await unchanged(() => importFile({ source: 'trello', content: deep, mapping: {} }));
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'json_too_deep' });
    });

    test('a mapping that leaves a status without a column is refused; so is a column name too long', async () => {
      const { Review: _left, ...partial } = trelloMapping;
      const answer = await unchanged(() =>
        importFile({ source: 'trello', content: TRELLO, mapping: partial }),
      );
      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toBe('The mapping leaves these statuses without a column: "Review".');
      const long = await unchanged(() =>
        importFile({
          source: 'trello',
          content: TRELLO,
          mapping: { ...trelloMapping, Review: 'x'.repeat(121) },
        }),
      );
      expect(long.status).toBe(400);
    });

    test('more tasks than one import takes is refused', async () => {
      const rows = Array.from({ length: IMPORT_MAX_TASKS + 1 }, (_, i) => `Task ${i},To Do`).join('\n');
      const answer = await unchanged(() =>
        importFile({ source: 'jira', content: `Summary,Status\n${rows}\n`, mapping: { 'To Do': 'To Do' } }),
      );
      expect(answer.status).toBe(413);
      expect(answer.body.error.message).toContain(`at most ${IMPORT_MAX_TASKS}`);
    });

    test('a member may not import (admins answer for bulk changes); the preview is refused too', async () => {
      const answer = await unchanged(() =>
        importFile({ source: 'trello', content: TRELLO, mapping: trelloMapping }, bob),
      );
      expect(answer.status).toBe(403);
      expect((await preview({ source: 'trello', content: TRELLO }, bob)).status).toBe(403);
    });
  });

  test('over-long fields: the task or the part is skipped with its reason, the rest imported', async () => {
    const title = 'T'.repeat(501);
    const label = 'l'.repeat(41);
    const csv = `Issue key,Summary,Status,Labels,Labels\nLONG-1,${title},To Do,,\nLONG-2,Fits,To Do,${label},ok\n`;
    const done = await importFile({ source: 'jira', content: csv, mapping: { 'To Do': 'To Do' } });
    expect(done.status).toBe(201);
    expect(done.body.report.created).toBe(1);
    expect(done.body.report.skipped).toEqual([
      { ref: 'LONG-1', reason: 'title longer than 500 characters' },
      { ref: 'LONG-2', reason: `label "${label}…" longer than 40 characters` },
    ]);
    const b = await importedBoard(done.body.report.projectId, 1);
    expect(byTitle(b, 'Fits').labels).toEqual(['ok']);
    expect(b.columns.map((c) => c.name)).toEqual(['To Do']);
  });
});
