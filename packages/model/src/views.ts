/**
 * Saved views (issue 14): a named board filter, kept for oneself or shared with everyone in the
 * project. They live in the workspace document's `views` map, keyed by view id, so they work
 * offline and sync like everything else. A view holds its filter as the query string the address
 * would carry (task-filter.ts), so opening one is going to that address.
 *
 * Deleting leaves a tombstone (`deletedAt`): the server refuses deleting or replacing any entry
 * (SPEC M2), and a concurrent rename must not bring half a view back. A personal view is its
 * creator's alone; a shared one anyone who can edit the project may rename or delete. The server
 * holds peers to the same (update-inspection-rules.ts).
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { actorOf, type Editor, getYMap, newId, nowIso, viewsMap, write } from './doc.ts';
import { ModelError } from './errors.ts';
import { readProject } from './read.ts';
import { nameSchema } from './schema.ts';
import { parseTaskFilter, serializeTaskFilter } from './task-filter.ts';

export const VIEW_QUERY_LIMIT = 4_000;

export type SavedView = {
  id: string;
  projectId: string;
  name: string;
  /** The filter as a query string without `?` (`assignee=me&due=overdue`). */
  query: string;
  /** Shared with the project; otherwise only its creator sees it. */
  shared: boolean;
  createdBy: string;
  createdAt: string;
};

const id = z.string().min(1).max(200);
const storedView = z.object({
  projectId: id,
  name: z.string().min(1).max(120),
  query: z.string().max(VIEW_QUERY_LIMIT),
  shared: z.boolean(),
  createdBy: id,
  createdAt: z.iso.datetime({ offset: true }),
  deletedAt: z.null(),
});

export type NewView = { projectId: string; name: string; query: string; shared: boolean };

function parseName(name: string): string {
  const parsed = nameSchema.safeParse(name);
  if (!parsed.success) throw new ModelError('invalid_input', 'A view needs a name of 1 to 120 characters.');
  return parsed.data;
}

/** The filter in its canonical form: a hand-edited query keeps only what the filter understands. */
function canonicalQuery(query: string): string {
  const text = serializeTaskFilter(parseTaskFilter(query)).toString();
  if (text.length > VIEW_QUERY_LIMIT)
    throw new ModelError('invalid_input', 'That filter is too long to save.');
  return text;
}

export function createView(doc: Y.Doc, editor: Editor, input: NewView, viewId?: string): string {
  const name = parseName(input.name);
  const query = canonicalQuery(input.query);
  const vid = viewId ?? newId();
  write(doc, editor, () => {
    if (!readProject(doc, input.projectId)) throw new ModelError('not_found', 'That project does not exist.');
    if (viewsMap(doc).has(vid)) throw new ModelError('invalid_input', `View ${vid} already exists.`);
    const view = new Y.Map<unknown>();
    view.set('projectId', input.projectId);
    view.set('name', name);
    view.set('query', query);
    view.set('shared', input.shared);
    view.set('createdBy', actorOf(editor));
    view.set('createdAt', nowIso(editor));
    view.set('deletedAt', null);
    viewsMap(doc).set(vid, view);
  });
  return vid;
}

/** A live view the editor may change: shared, or their own. */
function changeable(doc: Y.Doc, editor: Editor, viewId: string): Y.Map<unknown> {
  const map = getYMap(viewsMap(doc) as Y.Map<unknown>, viewId);
  const view = map && readViewAt(viewId, map);
  if (!map || !view) throw new ModelError('not_found', 'That view does not exist.');
  if (!view.shared && view.createdBy !== actorOf(editor)) {
    throw new ModelError('forbidden', 'Only its creator can change a personal view.');
  }
  return map;
}

export function renameView(doc: Y.Doc, editor: Editor, viewId: string, name: string): void {
  const clean = parseName(name);
  write(doc, editor, () => {
    const view = changeable(doc, editor, viewId);
    if (view.get('name') !== clean) view.set('name', clean);
  });
}

export function deleteView(doc: Y.Doc, editor: Editor, viewId: string): void {
  write(doc, editor, () => {
    changeable(doc, editor, viewId).set('deletedAt', nowIso(editor));
  });
}

/** One stored view, checked as a whole (SPEC M9): a deleted or malformed one is no view. */
function readViewAt(viewId: string, map: Y.Map<unknown>): SavedView | undefined {
  const parsed = storedView.safeParse(map.toJSON());
  if (!parsed.success) return undefined;
  const { deletedAt: _deleted, ...view } = parsed.data;
  return { id: viewId, ...view };
}

export function readView(doc: Y.Doc, viewId: string): SavedView | undefined {
  const map = getYMap(viewsMap(doc) as Y.Map<unknown>, viewId);
  return map && readViewAt(viewId, map);
}

/** The views of a project that `me` sees (shared ones and their own), by name. */
export function readViews(doc: Y.Doc, projectId: string, me: string): SavedView[] {
  const out: SavedView[] = [];
  (viewsMap(doc) as Y.Map<unknown>).forEach((value, key) => {
    if (!(value instanceof Y.Map)) return;
    if (value.get('projectId') !== projectId) return;
    const view = readViewAt(key, value as Y.Map<unknown>);
    if (view && (view.shared || view.createdBy === me)) out.push(view);
  });
  return out.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
