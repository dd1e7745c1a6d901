/**
 * Workspaces and who belongs to them with which role. A workspace's id is also the name of its
 * Yjs document. A deleted workspace keeps its row (deleted_at) so its id is never reused.
 */

import type { Role } from '../auth/policy.ts';
import type { Database } from '../persistence/engine/port.ts';
import { withStatementCache } from './statement-cache.ts';

export type Workspace = { id: string; name: string; createdAt: number };
export type Membership = Workspace & { role: Role };
export type Member = { userId: string; email: string; name: string; role: Role; joinedAt: number };

export class Workspaces {
  readonly #db: Database;
  readonly #now: () => number;

  constructor(db: Database, now: () => number = Date.now) {
    this.#db = withStatementCache(db);
    this.#now = now;
  }

  create(name: string, ownerId: string, id: string = crypto.randomUUID()): Membership {
    const now = this.#now();
    this.#db.transaction(() => {
      this.#db
        .prepare('INSERT INTO workspaces (id, name, created_by, created_at) VALUES (?, ?, ?, ?)')
        .run(id, name, ownerId, now);
      this.#db
        .prepare(
          `INSERT INTO memberships (workspace_id, user_id, role, created_at, updated_at) VALUES (?, ?, 'owner', ?, ?)`,
        )
        .run(id, ownerId, now, now);
    })();
    return { id, name, createdAt: now, role: 'owner' };
  }

  exists(id: string): boolean {
    return this.#db.prepare('SELECT 1 FROM workspaces WHERE id = ?').get(id) !== undefined;
  }

  /** The user's role in a live workspace, or null (not a member, removed, or the workspace is gone). */
  roleOf(workspaceId: string, userId: string): Role | null {
    const row = this.#db
      .prepare<[string, string], { role: Role }>(
        `SELECT m.role FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
         WHERE m.workspace_id = ? AND m.user_id = ? AND w.deleted_at IS NULL`,
      )
      .get(workspaceId, userId);
    return row?.role ?? null;
  }

  get(workspaceId: string): Workspace | undefined {
    const row = this.#db
      .prepare<[string], { id: string; name: string; created_at: number }>(
        'SELECT id, name, created_at FROM workspaces WHERE id = ? AND deleted_at IS NULL',
      )
      .get(workspaceId);
    return row ? { id: row.id, name: row.name, createdAt: row.created_at } : undefined;
  }

  listFor(userId: string): Membership[] {
    return this.#db
      .prepare<[string], { id: string; name: string; created_at: number; role: Role }>(
        `SELECT w.id, w.name, w.created_at, m.role FROM workspaces w JOIN memberships m ON m.workspace_id = w.id
         WHERE m.user_id = ? AND w.deleted_at IS NULL ORDER BY w.created_at, w.id`,
      )
      .all(userId)
      .map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, role: r.role }));
  }

  rename(workspaceId: string, name: string): void {
    this.#db.prepare('UPDATE workspaces SET name = ? WHERE id = ?').run(name, workspaceId);
  }

  delete(workspaceId: string): void {
    this.#db.prepare('UPDATE workspaces SET deleted_at = ? WHERE id = ?').run(this.#now(), workspaceId);
  }

  members(workspaceId: string): Member[] {
    return this.#db
      .prepare<[string], { user_id: string; email: string; name: string; role: Role; created_at: number }>(
        `SELECT m.user_id, u.email, u.name, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.workspace_id = ? ORDER BY m.created_at, u.email`,
      )
      .all(workspaceId)
      .map((r) => ({
        userId: r.user_id,
        email: r.email,
        name: r.name,
        role: r.role,
        joinedAt: r.created_at,
      }));
  }

  /** Adds or changes a membership. */
  setRole(workspaceId: string, userId: string, role: Role): void {
    const now = this.#now();
    this.#db
      .prepare(
        `INSERT INTO memberships (workspace_id, user_id, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role, updated_at = excluded.updated_at`,
      )
      .run(workspaceId, userId, role, now, now);
  }

  remove(workspaceId: string, userId: string): void {
    this.#db
      .prepare('DELETE FROM memberships WHERE workspace_id = ? AND user_id = ?')
      .run(workspaceId, userId);
  }

  ownerCount(workspaceId: string): number {
    return (
      this.#db
        .prepare(`SELECT COUNT(*) AS n FROM memberships WHERE workspace_id = ? AND role = 'owner'`)
        .get(workspaceId) as { n: number }
    ).n;
  }
}
