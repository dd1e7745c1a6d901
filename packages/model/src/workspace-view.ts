/**
 * The whole workspace as plain data: every project with its columns, each with its tasks in board
 * order, archived ones included and marked. This is what "the board as of a moment" returns, read
 * from a past state by the server and from a live replica by a test that recorded what it showed:
 * one reader, so the two can be compared for equality. It reads through a flat state
 * (flat-state.ts), so a view rolled forward from history's recorded changes reads exactly alike.
 */
import type * as Y from 'yjs';
import { readFlatState, type ViewProject, viewOfFlat } from './flat-state.ts';

export type { ViewColumn, ViewProject, ViewTask } from './flat-state.ts';

export function readWorkspaceView(doc: Y.Doc): ViewProject[] {
  return viewOfFlat(readFlatState(doc));
}
