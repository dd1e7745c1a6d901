/**
 * Writes a year of a Scrum team (bench/reports-year.ts) into `dataDir` through the server's own
 * storage path with the activity projection (bench/history-store.ts): every change appended as a
 * client's update is, its activity entries in the same transaction, the log's arrival clock and
 * the makers' stamps both on the simulated moment (a few stamps hours earlier: made offline).
 */
import { type Editor, FIRST_PROJECT_ID, seedWorkspace, updateProject } from '@taskflow/model';
import { rng } from '@taskflow/model/testing/prng';
import { DEFAULTS } from '../server/src/config.ts';
import { openStoredDoc, yieldTurn } from './history-store.ts';
import type { Person } from './history-workload.ts';
import { ScrumYear, type YearCounts } from './reports-year.ts';

const DAY = 86_400_000;

export type BuiltYear = {
  projectId: string;
  sprintIds: readonly string[];
  activeSprintId: string | null;
  taskIds: string[];
  changes: number;
  counts: YearCounts;
  from: number;
  to: number;
  seconds: number;
};

export async function buildScrumYear(o: {
  dataDir: string;
  workspace: string;
  userIds: readonly string[];
  tasks: number;
  changes: number;
  days: number;
  seed: number;
  progress?: (changes: number) => void;
}): Promise<BuiltYear> {
  const started = performance.now();
  const to = Date.now() - 10 * 60_000;
  const from = to - o.days * DAY;
  const clock = { at: from };
  const now = () => clock.at;
  const store = await openStoredDoc({
    dataDir: o.dataDir,
    document: o.workspace,
    history: true,
    now,
    // As history-build.ts: the checkpoints the server keeps, without a full encode every 200 rows.
    compactEvery: DEFAULTS.checkpointEvery,
    checkpointEvery: DEFAULTS.checkpointEvery,
    seed: (doc, name) => seedWorkspace(doc, { workspaceId: name, now }),
  });
  try {
    const people: Person[] = o.userIds.map((userId) => {
      const editor: Editor = { origin: { kind: 'user', actorId: userId }, now };
      return { userId, editor };
    });
    const owner = people[0]?.editor as Editor;
    updateProject(store.doc, owner, FIRST_PROJECT_ID, {
      name: 'Scrum team',
      mode: 'scrum',
      estimationUnit: 'points',
    });
    const year = new ScrumYear(store.doc, {
      rng: rng(o.seed),
      people,
      projectId: FIRST_PROJECT_ID,
      tasks: o.tasks,
      changes: o.changes,
      from,
      to,
      sprintDays: 14,
      firstSprintAfter: 7 * DAY,
      clock,
    });
    // 100 changes per commit, as history-build.ts: the same rows and entries without 100,000 commits.
    const batch = store.log.database.transaction((): boolean => {
      const end = year.changes + 100;
      while (year.changes < end) if (!year.step()) return false;
      return true;
    });
    let reported = 0;
    for (let more = true; more; ) {
      more = batch();
      await yieldTurn();
      if (year.changes - reported >= 10_000) {
        reported = year.changes - (year.changes % 10_000);
        o.progress?.(year.changes);
      }
    }
    return {
      projectId: FIRST_PROJECT_ID,
      sprintIds: [...year.sprintIds],
      activeSprintId: year.activeSprintId,
      taskIds: year.taskIds,
      changes: year.changes,
      counts: year.counts,
      from,
      to,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    store.close();
  }
}
