/**
 * A data directory with `count` tasks due on one day, all assigned to their creator (so creating
 * them notifies nobody), plus an hourly recurring rule: written by a real in-process server whose
 * clock is `now`, then closed. Durability tests start servers on the directory afterwards.
 */
import path from 'node:path';
import { createTask } from '@taskflow/model';
import { startServer } from '@taskflow/server';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { DATABASE_FILE } from '../../src/persistence/database.ts';
import { call, createWorkspace, type Session, signUp } from './auth.ts';
import { connectClient } from './client.ts';

export type Seeded = { owner: Session; ws: string; projectId: string; taskIds: string[]; ruleTaskId: string };

export async function seedReminders(options: {
  dataDir: string;
  now: number;
  count: number;
  deadline: string;
  /** A rule on one more task; its occurrences are counted by the tests. */
  cron: string;
  /** PostgreSQL instead of SQLite in dataDir (issue 16). */
  databaseUrl?: string;
}): Promise<Seeded> {
  const server = await startServer({
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    port: 0,
    dataDir: options.dataDir,
    now: () => options.now,
    tickMs: 3_600_000,
    projectionDebounceMs: 10,
  });
  try {
    const owner = await signUp(server.url, { name: 'Owner' });
    const ws = await createWorkspace(owner, 'Durable');
    const project = await call(server.url, 'POST', '/projects', {
      token: owner.accessToken,
      body: { workspaceId: ws, name: 'Ops' },
    });
    const projectId = project.body.project.id as string;
    const client = connectClient(`${server.url.replace('http', 'ws')}/sync`, {
      name: ws,
      token: owner.accessToken,
      actorId: owner.user.id,
    });
    const taskIds: string[] = [];
    try {
      await client.synced;
      client.doc.transact(() => {
        for (let i = 0; i < options.count; i++) {
          taskIds.push(
            createTask(client.doc, client.editor, {
              projectId,
              title: `Task ${i}`,
              assignee: owner.user.id,
              deadline: options.deadline,
            }),
          );
        }
      });
      await client.acked();
    } finally {
      client.destroy();
    }
    const rule = await call(server.url, 'POST', '/tasks', {
      token: owner.accessToken,
      body: { projectId, title: 'Hourly check' },
    });
    const ruleTaskId = rule.body.task.id as string;
    const set = await call(server.url, 'PATCH', `/tasks/${ruleTaskId}`, {
      token: owner.accessToken,
      body: { recurrence: { cron: options.cron, timeZone: 'UTC' } },
    });
    if (set.status !== 200) throw new Error(`rule refused: ${JSON.stringify(set.body)}`);
    return { owner, ws, projectId, taskIds, ruleTaskId };
  } finally {
    await server.close();
  }
}

/** Reads the data directory's database (read-only) while servers may be running on it. */
export function withDb<T>(dataDir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Occurrence tasks of a rule in the stored document (ids derive from the rule's task id). */
export function occurrenceIds(dataDir: string, ws: string, ruleTaskId: string): string[] {
  return withDb(dataDir, (db) => {
    const doc = new Y.Doc();
    const snap = db.prepare('SELECT data FROM snapshots WHERE document = ?').get(ws) as
      | { data: Uint8Array }
      | undefined;
    if (snap) Y.applyUpdate(doc, snap.data);
    for (const row of db.prepare('SELECT data FROM updates WHERE document = ? ORDER BY id').all(ws) as {
      data: Uint8Array;
    }[])
      Y.applyUpdate(doc, row.data);
    return [...doc.getMap('tasks').keys()].filter((id) => id.startsWith(`rec:${ruleTaskId}:`));
  });
}
