import { readBoard, readChecklist, readComments, readProjects, seedWorkspace } from '@taskflow/model';
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { checkPlan, type ImportPlan, type PlanTask } from './import-plan.ts';
import { importPlan } from './import-plan-apply.ts';

const task = (title: string, status: string, extra: Partial<PlanTask> = {}): PlanTask => ({
  ref: title,
  title,
  description: '',
  status,
  priority: 'medium',
  type: null,
  labels: [],
  assignee: null,
  deadline: null,
  estimate: null,
  sprint: null,
  createdAt: null,
  checklist: [],
  comments: [],
  ...extra,
});

const plan = (tasks: PlanTask[]): ImportPlan =>
  checkPlan({ source: 'jira', name: 'Imported', key: 'IMP', statuses: [], tasks, skipped: [] });

function workspace(): Y.Doc {
  const doc = new Y.Doc();
  seedWorkspace(doc, { workspaceId: 'w', now: () => 0 });
  return doc;
}

const input = {
  members: [{ userId: 'u1', email: 'ann@example.com', name: 'Ann' }],
  actorId: 'u0',
  now: () => 1_000,
};

describe('applying an import plan', () => {
  test('a new project: columns from the mapping in status order, leftover starting columns archived', () => {
    const doc = workspace();
    const report = importPlan(doc, {
      ...input,
      plan: plan([
        task('A', 'Open', {
          assignee: { email: 'ANN@example.com', name: null },
          checklist: [{ text: 'x', done: true }],
        }),
        task('B', 'Closed', {
          comments: [{ author: 'Zed', createdAt: '2026-01-01T00:00:00.000Z', body: 'hi' }],
        }),
      ]),
      mapping: { Open: 'To Do', Closed: 'Done' },
    });
    expect(report).toMatchObject({ projectKey: 'IMP', columns: ['To Do', 'Done'], created: 2, skipped: [] });
    const board = readBoard(doc, report.projectId);
    expect(board?.columns.map((c) => [c.name, c.tasks.map((t) => t.title)])).toEqual([
      ['To Do', ['A']],
      ['Done', ['B']],
    ]);
    const [a, b] = [board?.columns[0]?.tasks[0], board?.columns[1]?.tasks[0]];
    expect(a?.assignee).toBe('u1');
    expect(readChecklist(doc, a?.id ?? '').map((i) => [i.text, i.done])).toEqual([['x', true]]);
    expect(readComments(doc, b?.id ?? '')).toMatchObject([
      { body: 'Zed wrote on Jira:\n\nhi', createdAt: '2026-01-01T00:00:00.000Z', authorId: 'u0' },
    ]);
  });

  test('all or nothing: when the model refuses a task halfway, the document is unchanged', () => {
    const doc = workspace();
    const before = Y.encodeStateAsUpdate(doc);
    // A day that does not exist passes the parsers' shape but not the model's: the second task fails.
    const bad = plan([task('Fine', 'Open'), task('Bad', 'Open', { deadline: '2026-02-31' })]);
    expect(() => importPlan(doc, { ...input, plan: bad, mapping: { Open: 'To Do' } })).toThrow();
    expect(Buffer.from(Y.encodeStateAsUpdate(doc)).equals(Buffer.from(before))).toBe(true);
    expect(readProjects(doc).map((p) => p.key)).not.toContain('IMP');
  });

  test('a key another project holds is not taken: the project gets one of its own', () => {
    const doc = workspace();
    const first = importPlan(doc, { ...input, plan: plan([task('A', 'Open')]), mapping: { Open: 'To Do' } });
    const second = importPlan(doc, { ...input, plan: plan([task('A', 'Open')]), mapping: { Open: 'To Do' } });
    expect(first.projectKey).toBe('IMP');
    expect(second.projectKey).not.toBe('IMP');
  });
});
