/**
 * Gives tasks their numbers (SPEC M21): every task a loaded document holds without one when it
 * loads, then each task added (or, when a task arrived before its project, when the project
 * arrives), in a server transaction right after the ones that added it (`numberNewTasks`). Both
 * run synchronously inside the apply, so the number is appended to the log (and on disk) before
 * any client is acknowledged or sees it: a number a client has seen is never given again.
 *
 * Several processes (issue 16): the numbers come from the database (task-number-store.ts, keyed by
 * the task) through an allocator `useTaskNumberAllocator` registers for this Hocuspocus instance,
 * and only the process that appended the task-adding update numbers it: updates applied here from
 * another process (the `cluster` origin) are skipped, their own process numbers them. The load-time
 * pass may race with that process; both write the same number for the same task. Without an
 * allocator (SQLite, one process) the document's own counter gives max + 1, as always.
 */
import type { afterLoadDocumentPayload, Extension, Hocuspocus } from '@hocuspocus/server';
import { type NumberAllocator, numberNewTasks, numberTasks } from '@taskflow/model';
import type * as Y from 'yjs';
import type { Logger } from '../logger.ts';
import { SERVER_EDITOR } from './people-names.ts';

/** Hocuspocus's origin for the server's own writes (as people-names.ts uses). */
const LOCAL_ORIGIN = { source: 'local', context: {} } as const;

/** Per document name, the allocator of each server (tests run several in one process). */
const allocators = new WeakMap<Hocuspocus, (documentName: string) => NumberAllocator>();

/** Numbers this server's documents from `allocatorFor(documentName)` instead of the document's counter. */
export function useTaskNumberAllocator(
  hocuspocus: Hocuspocus,
  allocatorFor: (documentName: string) => NumberAllocator,
): void {
  allocators.set(hocuspocus, allocatorFor);
}

/** An update another process appended and this one applied (the doc bus's origin). */
function fromAnotherProcess(origin: unknown): boolean {
  return (
    typeof origin === 'object' && origin !== null && (origin as { source?: unknown }).source === 'cluster'
  );
}

function numberSafely(doc: Y.Doc, documentName: string, logger: Logger, fn: () => void): void {
  try {
    doc.transact(fn, LOCAL_ORIGIN);
  } catch (error) {
    // A document the model refuses to write (newer schema), or a database that fails the
    // allocation, must still sync; numbers wait for the next load.
    logger.warn({ err: error, document: documentName }, 'could not number tasks');
  }
}

export function taskNumbering(logger: Logger): Extension {
  return {
    extensionName: 'taskflow-task-numbering',
    async afterLoadDocument({ document, documentName, instance }: afterLoadDocumentPayload) {
      const allocate = allocators.get(instance)?.(documentName);
      numberSafely(document, documentName, logger, () =>
        numberTasks(document, SERVER_EDITOR, undefined, allocate),
      );
      numberNewTasks(document, SERVER_EDITOR, (fn) => numberSafely(document, documentName, logger, fn), {
        ...(allocate ? { allocate } : {}),
        skip: fromAnotherProcess,
      });
    },
  };
}
