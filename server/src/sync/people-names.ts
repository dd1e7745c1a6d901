/**
 * Puts each person's display name in the document's `people` map when they connect, so boards show
 * names for the ids in `createdBy`, `by` and presence. A server write (no user is recorded for it):
 * the name comes from the account, never from the client.
 */
import type { connectedPayload, Extension } from '@hocuspocus/server';
import { setPersonName } from '@taskflow/model';
import type * as Y from 'yjs';
import type { Logger } from '../logger.ts';
import { syncContextOf } from './context.ts';

export const SERVER_EDITOR = { origin: { kind: 'server', reason: 'repair' } } as const;

/** Sets the name inside the caller's transaction (REST) or a server one (on connect). */
export function recordName(doc: Y.Doc, userId: string, name: string): void {
  setPersonName(doc, SERVER_EDITOR, userId, name);
}

/** A workspace's members as the accounts store lists them (id and account name). */
export type MembersOf = (workspaceId: string) => readonly { userId: string; name: string }[];

/**
 * Also writes every member's name, not only the one connecting: the assignee picker offers the
 * workspace's people from the document (it works offline), so someone invited who has not opened
 * the board yet must be there too (issue 14). Unchanged names write nothing (setPersonName).
 */
export function peopleNames(logger: Logger, membersOf?: MembersOf): Extension {
  return {
    extensionName: 'taskflow-people-names',
    async connected({ connection }: connectedPayload) {
      const ctx = syncContextOf(connection);
      if (!ctx) return;
      const doc = connection.document;
      try {
        const members = membersOf?.(doc.name) ?? [];
        doc.transact(
          () => {
            recordName(doc, ctx.userId, ctx.name);
            for (const m of members) if (m.userId !== ctx.userId) recordName(doc, m.userId, m.name);
          },
          { source: 'local', context: {} },
        );
      } catch (error) {
        // A name is cosmetic; a document the model refuses to write (newer schema) must still sync.
        logger.warn({ err: error, document: doc.name }, 'could not record a display name');
      }
    },
  };
}
