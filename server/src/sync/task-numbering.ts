/**
 * Gives tasks their numbers (SPEC M21): every task a loaded document holds without one when it
 * loads, then each task added (or, when a task arrived before its project, when the project
 * arrives), in a server transaction right after the ones that added it (`numberNewTasks`). Both
 * run synchronously inside the apply, so the number is appended to the log (and on disk) before
 * any client is acknowledged or sees it: a number a client has seen is never given again.
 */
import type { afterLoadDocumentPayload, Extension } from '@hocuspocus/server';
import { numberNewTasks, numberTasks } from '@taskflow/model';
import type * as Y from 'yjs';
import type { Logger } from '../logger.ts';
import { SERVER_EDITOR } from './people-names.ts';

/** Hocuspocus's origin for the server's own writes (as people-names.ts uses). */
const LOCAL_ORIGIN = { source: 'local', context: {} } as const;

function numberSafely(doc: Y.Doc, documentName: string, logger: Logger, fn: () => void): void {
  try {
    doc.transact(fn, LOCAL_ORIGIN);
  } catch (error) {
    // A document the model refuses to write (newer schema) must still sync; numbers wait.
    logger.warn({ err: error, document: documentName }, 'could not number tasks');
  }
}

export function taskNumbering(logger: Logger): Extension {
  return {
    extensionName: 'taskflow-task-numbering',
    async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload) {
      numberSafely(document, documentName, logger, () => numberTasks(document, SERVER_EDITOR));
      numberNewTasks(document, SERVER_EDITOR, (fn) => numberSafely(document, documentName, logger, fn));
    },
  };
}
