/**
 * Where each project, task, sprint and worklog lives: (id, workspace) rows kept in step with the workspace
 * documents (sync/entity-projection.ts) and by REST creates. REST looks ids up only among the
 * caller's workspaces, so another workspace's ids stay invisible (authorization before existence).
 */
import type { Database, Statement } from '../persistence/engine/port.ts';

export type EntityKind = 'project' | 'task' | 'sprint' | 'worklog';

export class EntityIndex {
  /** Workspaces whose document was projected in full since this process started. */
  readonly projected = new Set<string>();
  readonly #add: Statement<[string, string, EntityKind]>;
  readonly #find: Statement<[string, EntityKind, string], { workspace_id: string }>;
  readonly #addMany: (workspaceId: string, kind: EntityKind, ids: Iterable<string>) => void;

  constructor(db: Database) {
    this.#add = db.prepare('INSERT OR IGNORE INTO entity_index (id, workspace_id, kind) VALUES (?, ?, ?)');
    // Only live workspaces the user belongs to: a non-member never learns an id exists.
    this.#find = db.prepare(
      `SELECT e.workspace_id FROM entity_index e
       JOIN memberships m ON m.workspace_id = e.workspace_id
       JOIN workspaces w ON w.id = e.workspace_id
       WHERE e.id = ? AND e.kind = ? AND m.user_id = ? AND w.deleted_at IS NULL
       ORDER BY e.workspace_id`,
    );
    this.#addMany = db.transaction((workspaceId: string, kind: EntityKind, ids: Iterable<string>) => {
      for (const id of ids) this.#add.run(id, workspaceId, kind);
    });
  }

  add(workspaceId: string, kind: EntityKind, id: string): void {
    this.#add.run(id, workspaceId, kind);
  }

  addMany(workspaceId: string, kind: EntityKind, ids: Iterable<string>): void {
    this.#addMany(workspaceId, kind, ids);
  }

  /** The caller's workspaces that hold `id` (usually one; the seeded project `first` is in each). */
  workspacesOf(id: string, kind: EntityKind, userId: string): string[] {
    return this.#find.all(id, kind, userId).map((r) => r.workspace_id);
  }
}
