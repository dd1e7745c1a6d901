/**
 * A person watches a task by setting `watch:<their id>` on it (SPEC M14); nobody may set someone
 * else's, or a member could sign colleagues up for email. An Update (sync type 2) carries only the
 * sender's own structs (client-ownership.ts), so a `watch:` key in it naming anyone but the sender
 * is a forgery and is refused. SyncStep2 may re-upload others' edits and is not checked.
 */
import type { beforeSyncPayload, Extension } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { Logger } from '../logger.ts';
import { syncContextOf } from './context.ts';
import { refuse } from './update-guard.ts';

const SYNC_UPDATE = 2;
const PREFIX = 'watch:';

/** The user ids whose watch keys `update` sets. */
export function watchKeysIn(update: Uint8Array): string[] {
  const out: string[] = [];
  for (const s of Y.decodeUpdate(update).structs) {
    const sub = (s as { parentSub?: string | null }).parentSub;
    if (typeof sub === 'string' && sub.startsWith(PREFIX)) out.push(sub.slice(PREFIX.length));
  }
  return out;
}

export function watchGuard(logger: Logger): Extension {
  return {
    extensionName: 'taskflow-watch-guard',
    async beforeSync({ type, payload, documentName, connection }: beforeSyncPayload) {
      if (type !== SYNC_UPDATE || connection.readOnly) return;
      const ctx = syncContextOf(connection);
      if (!ctx) return;
      // The update guard ran first and refused anything that does not decode.
      const foreign = watchKeysIn(payload).find((userId) => userId !== ctx.userId);
      if (foreign === undefined) return;
      logger.warn({ document: documentName, user: ctx.userId }, 'update watching for someone else refused');
      refuse(connection, 'foreign-watch');
    },
  };
}
