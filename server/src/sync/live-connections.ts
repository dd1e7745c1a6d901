/**
 * Every authenticated sync connection, by user and workspace, so a change of rights reaches open
 * sockets (ASVS 8.3.2): logout, removal and role changes close the affected sockets at once
 * (event-driven, from the REST handlers), and a sweep every 2 s re-checks each connection's token
 * and role as a safety net for anything the events miss (another process editing the database, a
 * token that ran out). Closing the WebSocket itself, not just the document connection, matters:
 * after a per-document CLOSE the provider never re-authenticates (Hocuspocus provider 3);
 * after a socket close it reconnects and authenticates again with its current rights, or fails.
 */
import type { Connection, connectedPayload, Extension } from '@hocuspocus/server';
import type { Role } from '../auth/policy.ts';
import type { Logger } from '../logger.ts';
import { type SyncContext, syncContextOf } from './context.ts';

/** WebSocket close codes (4000–4999 are the application's). */
export const CLOSE_UNAUTHENTICATED = 4401;
export const CLOSE_FORBIDDEN = 4403;

export type RightsCheck = {
  isRevoked(jti: string): boolean;
  roleOf(workspaceId: string, userId: string): Role | null;
};

const SWEEP_MS = 2_000;

export class LiveConnections {
  readonly #open = new Set<Connection>();
  readonly #rights: RightsCheck;
  readonly #logger: Logger;
  readonly #now: () => number;
  #sweeper: NodeJS.Timeout | undefined;

  constructor(rights: RightsCheck, logger: Logger, now: () => number = Date.now) {
    this.#rights = rights;
    this.#logger = logger;
    this.#now = now;
  }

  readonly extension: Extension = {
    extensionName: 'taskflow-live-connections',
    connected: async ({ connection }: connectedPayload) => {
      if (!syncContextOf(connection)) return;
      this.#open.add(connection);
      connection.onClose(() => this.#open.delete(connection));
    },
  };

  start(): void {
    this.#sweeper ??= setInterval(() => this.sweep(), SWEEP_MS);
    this.#sweeper.unref();
  }

  stop(): void {
    clearInterval(this.#sweeper);
    this.#sweeper = undefined;
  }

  /** Logout: every socket of the user, in every workspace. */
  closeUser(userId: string, reason = 'signed out'): number {
    return this.#close((ctx) => ctx.userId === userId, CLOSE_UNAUTHENTICATED, reason);
  }

  /** Removal or a role change: the user's sockets that carry this workspace. */
  closeMember(workspaceId: string, userId: string, reason = 'access changed'): number {
    return this.#close(
      (ctx, c) => ctx.userId === userId && c.document.name === workspaceId,
      CLOSE_FORBIDDEN,
      reason,
    );
  }

  /** A deleted workspace: everyone's sockets on it. */
  closeWorkspace(workspaceId: string, reason = 'workspace deleted'): number {
    return this.#close((_ctx, c) => c.document.name === workspaceId, CLOSE_FORBIDDEN, reason);
  }

  /**
   * Re-checks every connection against the database and the clock. Each token and each
   * (workspace, user) is looked up once per sweep, however many sockets share it: a person's tabs,
   * or every socket of a load test, cost one query each, not one per socket every 2 s.
   */
  sweep(): number {
    const nowS = Math.floor(this.#now() / 1000);
    const revoked = new Map<string, boolean>();
    const roles = new Map<string, Role | null>();
    const isRevoked = (jti: string) => {
      let r = revoked.get(jti);
      if (r === undefined) {
        r = this.#rights.isRevoked(jti);
        revoked.set(jti, r);
      }
      return r;
    };
    const roleOf = (workspaceId: string, userId: string) => {
      const key = `${workspaceId}\u0000${userId}`;
      let role = roles.get(key);
      if (role === undefined) {
        role = this.#rights.roleOf(workspaceId, userId);
        roles.set(key, role);
      }
      return role;
    };
    let closed = this.#close(
      (ctx) => ctx.exp <= nowS || isRevoked(ctx.jti),
      CLOSE_UNAUTHENTICATED,
      'token expired or revoked',
    );
    closed += this.#close(
      (ctx, c) => roleOf(c.document.name, ctx.userId) !== ctx.role,
      CLOSE_FORBIDDEN,
      'access changed',
    );
    return closed;
  }

  /**
   * A stateless message to every open connection of the user (each of their documents, so every
   * tab hears it whichever workspace it shows). Returns how many connections it went to.
   */
  sendToUser(userId: string, payload: string): number {
    let sent = 0;
    for (const connection of this.#open) {
      if (syncContextOf(connection)?.userId !== userId) continue;
      try {
        connection.sendStateless(payload);
        sent += 1;
      } catch (error) {
        this.#logger.warn({ err: error }, 'could not push to a sync socket');
      }
    }
    return sent;
  }

  get size(): number {
    return this.#open.size;
  }

  /** The people with at least one open connection here (a push resync after Redis was away). */
  userIds(): string[] {
    const out = new Set<string>();
    for (const connection of this.#open) {
      const userId = syncContextOf(connection)?.userId;
      if (userId) out.add(userId);
    }
    return [...out];
  }

  #close(match: (ctx: SyncContext, c: Connection) => boolean, code: number, reason: string): number {
    let closed = 0;
    for (const connection of [...this.#open]) {
      const ctx = syncContextOf(connection);
      if (!ctx || !match(ctx, connection)) continue;
      this.#open.delete(connection);
      closed += 1;
      this.#logger.info(
        { requestId: ctx.requestId, user: ctx.userId, document: connection.document.name, code, reason },
        'closing sync socket',
      );
      try {
        // The whole socket: the provider reconnects and re-authenticates every document on it.
        connection.webSocket.close(code, reason);
      } catch (error) {
        this.#logger.warn({ err: error }, 'could not close a sync socket');
      }
    }
    return closed;
  }
}
