/**
 * The whole workspace as plain data: every project with its columns, each with its tasks in board
 * order, archived ones included and marked. This is what "the board as of a moment" returns, read
 * from a past state of the document by the server and from a live replica by a test that recorded
 * what it showed: one reader, so the two can be compared for equality.
 */
import type * as Y from 'yjs';
import { readAllTasks } from './board.ts';
import { compareRanked } from './rank.ts';
import { readColumns, readProjects } from './read.ts';
import type { Priority } from './schema.ts';

export type ViewTask = {
  id: string;
  title: string;
  description: string;
  priority: Priority;
  labels: string[];
  assignee: string | null;
  deadline: string | null;
  estimate: number | null;
  archived: boolean;
  columnId: string;
};
export type ViewColumn = { id: string; name: string; archived: boolean; tasks: ViewTask[] };
export type ViewProject = { id: string; name: string; key: string; archived: boolean; columns: ViewColumn[] };

export function readWorkspaceView(doc: Y.Doc): ViewProject[] {
  const byColumn = new Map<string, (ViewTask & { rank: string })[]>();
  for (const t of readAllTasks(doc)) {
    const list = byColumn.get(t.columnId) ?? [];
    list.push({
      id: t.id,
      title: t.title,
      description: t.description,
      priority: t.priority,
      labels: t.labels,
      assignee: t.assignee,
      deadline: t.deadline,
      estimate: t.estimate,
      archived: t.archivedAt !== null,
      columnId: t.columnId,
      rank: t.rank,
    });
    byColumn.set(t.columnId, list);
  }
  return readProjects(doc).map((p) => ({
    id: p.id,
    name: p.name,
    key: p.key,
    archived: p.archivedAt !== null,
    columns: readColumns(doc, p.id).map((c) => ({
      id: c.id,
      name: c.name,
      archived: c.archivedAt !== null,
      tasks: (byColumn.get(c.id) ?? []).sort(compareRanked).map(({ rank: _rank, ...task }) => task),
    })),
  }));
}
