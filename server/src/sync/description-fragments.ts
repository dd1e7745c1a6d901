/**
 * Gives every task a rich description fragment (issue 14; model: description-fragment.ts). Only
 * the server creates a fragment for a task that exists, so two offline replicas never each create
 * one under the same key (last writer wins there, and one person's typing would be dropped): every
 * task a loaded document holds without one when it loads, then each task added without one (a
 * client from before fragments), and a legacy `description` string someone sets is folded into
 * the fragment. Each runs in a server transaction right after the ones that caused it, inside the
 * apply, as task-numbering.ts does, so it is logged before any client sees it.
 */
import type { afterLoadDocumentPayload, Extension } from '@hocuspocus/server';
import { addDescriptionFragments, followDescriptionFragments } from '@taskflow/model';
import type * as Y from 'yjs';
import type { Logger } from '../logger.ts';
import { isClusterOrigin } from './context.ts';
import { SERVER_EDITOR } from './people-names.ts';

/** Hocuspocus's origin for the server's own writes (as task-numbering.ts uses); ours alone, by identity. */
const LOCAL_ORIGIN = { source: 'local', context: {} } as const;

function writeSafely(doc: Y.Doc, documentName: string, logger: Logger, fn: () => void): void {
  try {
    doc.transact(fn, LOCAL_ORIGIN);
  } catch (error) {
    // A document the model refuses to write (newer schema) must still sync; fragments wait.
    logger.warn({ err: error, document: documentName }, 'could not add description fragments');
  }
}

export function descriptionFragments(logger: Logger): Extension {
  return {
    extensionName: 'taskflow-description-fragments',
    async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload) {
      writeSafely(document, documentName, logger, () => addDescriptionFragments(document, SERVER_EDITOR));
      followDescriptionFragments(
        document,
        SERVER_EDITOR,
        (fn) => writeSafely(document, documentName, logger, fn),
        // Another process's update: the process that appended it added the fragments (issue 16).
        (tr) => tr.origin === LOCAL_ORIGIN || isClusterOrigin(tr.origin),
      );
    },
  };
}
