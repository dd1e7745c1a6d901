/**
 * Who may open which document. The document name is the workspace id; a token must name a user
 * with a role in that (live) workspace. Everything is decided here, in onAuthenticate, before
 * Hocuspocus loads anything: refusing in onLoadDocument leaks the Y.Doc and a timer
 * (hocuspocus#1156), and a document is only ever created (and seeded) for a workspace row that
 * exists. Unknown documents and non-members get the same refusal, so document names cannot be
 * probed.
 */
import type { Extension, onAuthenticatePayload } from '@hocuspocus/server';
import type { Authenticator } from '../accounts/authenticator.ts';
import type { Workspaces } from '../accounts/workspaces.ts';
import { can } from '../auth/policy.ts';
import type { Logger } from '../logger.ts';
import type { SyncContext } from './context.ts';

/** The workspace that existed before accounts; the first account to register becomes its owner. */
export const DEFAULT_WORKSPACE = 'default';

/** PermissionDenied reasons the provider receives (docs/PROTOCOL.md). */
export const AUTH_REASONS = { unauthenticated: 'unauthenticated', forbidden: 'forbidden' } as const;

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
      const who = await authenticator.authenticate(token);
      if (!who) {
        // Never log the token itself.
        logger.info({ document: documentName.slice(0, 100) }, 'sync authentication failed: bad token');
        throw deny('unauthenticated', 'invalid or expired access token');
      }
      const role = workspaces.roleOf(documentName, who.user.id);
      if (!can(role, 'sync.read') || role === null) {
        logger.info({ user: who.user.id, document: documentName.slice(0, 100) }, 'sync access refused');
        throw deny('forbidden', 'no access to this document');
      }
      if (!can(role, 'sync.write')) data.connectionConfig.readOnly = true;
      return { userId: who.user.id, name: who.user.name, role, jti: who.jti, exp: who.exp };
    },
  };
}
