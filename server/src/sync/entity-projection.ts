/**
 * Keeps the entity index (accounts/entity-index.ts) in step with each loaded workspace document:
 * every project, task, sprint and worklog id in it when it loads (which covers documents written before the index
 * existed), then each such id added, from whichever source (client, REST, server), in
 * the same transaction that adds it (the model's `listIds`/`observeAddedIds`: only ids are read).
 * Every change to a stored document passes through a loaded copy, so the index never misses one.
 * Ids are never removed: the model archives instead of deleting, and a stale row only costs a
 * lookup that then finds nothing.
 */
import type { afterLoadDocumentPayload, Extension } from '@hocuspocus/server';
import { listIds, observeAddedIds } from '@taskflow/model';
import type { EntityIndex, EntityKind } from '../accounts/entity-index.ts';
import type { Logger } from '../logger.ts';
import { isApplyingFromCluster } from './context.ts';

export function entityProjection(index: EntityIndex, logger: Logger): Extension {
  return {
    extensionName: 'taskflow-entity-projection',
    async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload) {
      const watch = (kind: EntityKind) => {
        try {
          index.addMany(documentName, kind, listIds(document, kind));
        } catch (error) {
          // Storage is failing (full disk, held lock): the document must still load, so its
          // clients can keep their changes and re-send them; the next load indexes these ids.
          logger.error({ err: error, document: documentName }, 'could not index a loaded document');
        }
        observeAddedIds(document, kind, (added) => {
          // From another process (issue 16): it indexed them as they arrived there.
          if (isApplyingFromCluster(document)) return;
          try {
            index.addMany(documentName, kind, added);
          } catch (error) {
            // The document change stands; REST just cannot find these ids until the next load.
            logger.error({ err: error, document: documentName }, 'could not index new entities');
          }
        });
      };
      watch('project');
      watch('task');
      watch('sprint');
      watch('worklog');
      index.projected.add(documentName);
    },
  };
}
