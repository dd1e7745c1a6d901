/**
 * Who may open which document. The document name is the workspace id; a token must name a user
 * with a role in that (live) workspace. Everything is decided here, in onAuthenticate, before
 * Hocuspocus loads anything: refusing in onLoadDocument leaks the Y.Doc and a timer
 * (hocuspocus#1156), and a document is only ever created (and seeded) for a workspace row that
 * exists. Unknown documents and non-members get the same refusal, so document names cannot be
 * probed.
 */
import type { Extension, onAuthenticatePayload, onDisconnectPayload } from '@hocuspocus/server';
import type { Authenticator } from '../accounts/authenticator.ts';
import type { Workspaces } from '../accounts/workspaces.ts';
import { can } from '../auth/policy.ts';
import type { Logger } from '../logger.ts';
import type { SyncContext } from './context.ts';

/** The workspace that existed before accounts; the first account to register becomes its owner. */
export const DEFAULT_WORKSPACE = 'default';

/** PermissionDenied reasons the provider receives (docs/PROTOCOL.md). */
export const AUTH_REASONS = { unauthenticated: 'unauthenticated', forbidden: 'forbidden' } as const;

function requestIdOf(context: unknown): string | undefined {
  const id = (context as { requestId?: unknown } | undefined)?.requestId;
  return typeof id === 'string' ? id : undefined;
}

const deny = (reason: keyof typeof AUTH_REASONS, message: string) =>
  Object.assign(new Error(message), { reason: AUTH_REASONS[reason] });

export function documentPolicy(options: {
  authenticator: Authenticator;
  workspaces: Workspaces;
  logger: Logger;
}): Extension {
  const { authenticator, workspaces, logger } = options;
  return {
    extensionName: 'taskflow-document-policy',
    async onAuthenticate(data: onAuthenticatePayload): Promise<SyncContext> {
      const { token, documentName } = data;
      // Set by websocket.ts from the upgrade request, so these lines join its log line.
      const requestId = requestIdOf(data.context);
      const who = await authenticator.authenticate(token);
      if (!who) {
        // Never log the token itself.
        logger.info(
          { requestId, document: documentName.slice(0, 100) },
          'sync authentication failed: bad token',
        );
        throw deny('unauthenticated', 'invalid or expired access token');
      }
      const role = workspaces.roleOf(documentName, who.user.id);
      if (!can(role, 'sync.read') || role === null) {
        logger.info(
          { requestId, user: who.user.id, document: documentName.slice(0, 100) },
          'sync access refused',
        );
        throw deny('forbidden', 'no access to this document');
      }
      if (!can(role, 'sync.write')) data.connectionConfig.readOnly = true;
      logger.info({ requestId, user: who.user.id, workspace: documentName, role }, 'sync connection opened');
      return { userId: who.user.id, name: who.user.name, role, jti: who.jti, exp: who.exp, requestId };
    },
    async onDisconnect({ documentName, context }: onDisconnectPayload): Promise<void> {
      const ctx = context as Partial<SyncContext> | undefined;
      if (typeof ctx?.userId !== 'string') return;
      logger.info(
        { requestId: ctx.requestId, user: ctx.userId, workspace: documentName },
        'sync connection closed',
      );
    },
  };
}
