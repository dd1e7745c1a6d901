/**
 * A task's description as rich, collaborative text (issue 14): a Y.XmlFragment under the task's
 * `descriptionDoc` key, in the shape ProseMirror's Yjs binding writes (an element per node, named
 * as the editor's schema names it: `paragraph`, `bulletList`, `taskItem`, `mention`, …; an
 * XmlText per run of text). Two people typing into it at once, or one offline, merge character
 * by character, in the workspace document itself (sync, IndexedDB and offline come with it).
 *
 * Readers (search, history, REST, e-mails, the card) keep reading a plain string: the fragment's
 * text, or the legacy `description` string where a task has no fragment yet.
 *
 * Who creates the fragment matters: a Y.Map key is last-writer-wins, so two replicas that each
 * created a fragment for the same legacy task would keep one and drop the other person's typing.
 * So a fragment is only ever created together with its task (createTask) or by the server
 * (`addDescriptionFragments`, once, for tasks that have none), never by a client for a task
 * that exists; a client without one edits the string, which the server folds into the fragment.
 */
import * as Y from 'yjs';
import { type Editor, getYMap, metaMap, tasksMap, write } from './doc.ts';
import { LIMITS } from './schema.ts';
import { countTaskWalk } from './task-index.ts';

/** A record's values by key (a Y.Map, or the history's plain Map: read.ts's RecordValues). */
type RecordValues = { get(key: string): unknown };

/** The task key the fragment is stored under. */
export const DESCRIPTION_FRAGMENT_KEY = 'descriptionDoc';

/** Elements whose children are blocks, not text: each child block is a line of the plain text. */
const CONTAINERS: ReadonlySet<string> = new Set([
  'bulletList',
  'orderedList',
  'listItem',
  'taskList',
  'taskItem',
  'blockquote',
]);

/** The task's description fragment, if it has one (anything else under the key is ignored). */
export function descriptionFragment(task: RecordValues): Y.XmlFragment | undefined {
  const v = task.get(DESCRIPTION_FRAGMENT_KEY);
  return v instanceof Y.XmlFragment && v.constructor === Y.XmlFragment ? v : undefined;
}

/** What the walks need of a Y type: its first item (XmlFragment, XmlElement, XmlText). */
type Sequence = { _start: Y.Item | null };

/** Which items count: those live now, or (history) those live before a transaction. */
type Visible = (item: Y.Item) => boolean;
const liveNow: Visible = (item) => !item.deleted;

/** Items live before `tr` ran: written before it, and not deleted or deleted by it. */
export function liveBefore(tr: Y.Transaction): Visible {
  return (item) =>
    item.id.clock < (tr.beforeState.get(item.id.client) ?? 0) &&
    (!item.deleted || Y.isDeleted(tr.deleteSet, item.id));
}

function* children(type: Sequence, visible: Visible): Generator<Y.Item> {
  for (let item = type._start; item !== null; item = item.right) if (visible(item)) yield item;
}

function inlineText(el: Y.XmlElement, visible: Visible): string {
  let out = '';
  for (const item of children(el, visible)) {
    const c = item.content;
    if (c instanceof Y.ContentType && c.type instanceof Y.XmlText) out += runText(c.type, visible);
    else if (c instanceof Y.ContentType && c.type instanceof Y.XmlElement) out += inlineNode(c.type);
  }
  return out;
}

function runText(text: Y.XmlText, visible: Visible): string {
  let out = '';
  for (const item of children(text, visible))
    if (item.content instanceof Y.ContentString) out += item.content.str;
  return out;
}

function inlineNode(el: Y.XmlElement): string {
  if (el.nodeName === 'hardBreak') return '\n';
  if (el.nodeName === 'mention') {
    const label = el.getAttribute('label') ?? el.getAttribute('id');
    return typeof label === 'string' ? `@${label}` : '@';
  }
  return '';
}

function blockLines(type: Sequence, visible: Visible, lines: string[]): void {
  for (const item of children(type, visible)) {
    const c = item.content;
    if (!(c instanceof Y.ContentType)) continue;
    const el = c.type;
    if (el instanceof Y.XmlText) lines.push(runText(el, visible));
    else if (el instanceof Y.XmlElement) {
      if (CONTAINERS.has(el.nodeName)) blockLines(el, visible, lines);
      else lines.push(inlineText(el, visible));
    }
  }
}

/**
 * The fragment's plain text: one line per block (list items and checklist items each a line),
 * mentions as `@name`. With `visible`, as it read before a transaction (history).
 */
export function fragmentPlainText(fragment: Y.XmlFragment, visible: Visible = liveNow): string {
  const lines: string[] = [];
  blockLines(fragment, visible, lines);
  return lines.join('\n');
}

/** The description as readers read it: the fragment's text (cut to the limit), else the string. */
export function descriptionText(task: RecordValues, legacy: () => string): string {
  const fragment = descriptionFragment(task);
  if (!fragment) return legacy();
  const text = fragmentPlainText(fragment);
  return text.length > LIMITS.description ? text.slice(0, LIMITS.description) : text;
}

/** Paragraphs holding `text`, one per line (none for an empty text). */
export function paragraphsOf(text: string): Y.XmlElement[] {
  if (text === '') return [];
  return text.split('\n').map((line) => {
    const p = new Y.XmlElement('paragraph');
    if (line !== '') p.insert(0, [new Y.XmlText(line)]);
    return p;
  });
}

/** Replaces the fragment's content with `text` as plain paragraphs (a whole-description set). */
export function replaceFragmentText(fragment: Y.XmlFragment, text: string): void {
  if (fragmentPlainText(fragment) === text) return;
  if (fragment.length > 0) fragment.delete(0, fragment.length);
  const paragraphs = paragraphsOf(text);
  if (paragraphs.length > 0) fragment.insert(0, paragraphs);
}

/** A new fragment holding `text` (written with its task, in the same transaction). */
export function newDescriptionFragment(text: string): Y.XmlFragment {
  const fragment = new Y.XmlFragment();
  const paragraphs = paragraphsOf(text);
  if (paragraphs.length > 0) fragment.insert(0, paragraphs);
  return fragment;
}

/**
 * The server's step (never a client's, see above): gives each task without a fragment one, filled
 * from its legacy string, in one transaction. All tasks, or those named. Returns how many.
 */
export function addDescriptionFragments(doc: Y.Doc, editor: Editor, taskIds?: Iterable<string>): number {
  const tasks = tasksMap(doc) as Y.Map<unknown>;
  // A document the server has walked once records so in `meta` (only the server writes there,
  // SPEC M18); from then on every task gets its fragment as it arrives (followDescriptionFragments),
  // so a load need not walk every task again (issue 13: no load cost that grows with the workspace).
  const all = !taskIds;
  if (all && metaMap(doc).get(FRAGMENTS_MARK) === 1) return 0;
  if (all) countTaskWalk(doc);
  const missing: Y.Map<unknown>[] = [];
  for (const id of taskIds ?? tasks.keys()) {
    const map = getYMap(tasks, id);
    if (map && !map.has(DESCRIPTION_FRAGMENT_KEY)) missing.push(map);
  }
  if (missing.length === 0 && !all) return 0;
  write(doc, editor, () => {
    for (const map of missing) {
      const legacy = map.get('description');
      map.set(DESCRIPTION_FRAGMENT_KEY, newDescriptionFragment(typeof legacy === 'string' ? legacy : ''));
    }
    if (all) metaMap(doc).set(FRAGMENTS_MARK, 1);
  });
  return missing.length;
}

/** `meta` key: every task of this document had a fragment when the server last walked them all. */
export const FRAGMENTS_MARK = 'descriptionFragments';

/**
 * Folds legacy string edits into fragments: a task whose `description` string someone set to a
 * text its fragment does not read (a client from before fragments, or one that edited offline
 * before the fragment reached it) gets that text in its fragment. Names the tasks to look at.
 */
export function foldDescriptionStrings(doc: Y.Doc, editor: Editor, taskIds: Iterable<string>): number {
  const tasks = tasksMap(doc) as Y.Map<unknown>;
  const stale: [Y.XmlFragment, string][] = [];
  for (const id of taskIds) {
    const map = getYMap(tasks, id);
    const fragment = map && descriptionFragment(map);
    const legacy = map?.get('description');
    if (!fragment || typeof legacy !== 'string' || legacy.length > LIMITS.description) continue;
    if (fragmentPlainText(fragment) !== legacy) stale.push([fragment, legacy]);
  }
  if (stale.length === 0) return 0;
  write(doc, editor, () => {
    for (const [fragment, text] of stale) replaceFragmentText(fragment, text);
  });
  return stale.length;
}

/**
 * Gives tasks added from now on a fragment when they arrive without one (a client from before
 * fragments), and folds string edits into fragments, each in a transaction of its own after the
 * transactions that caused it (as numberNewTasks, keys.ts, and for the same reason: a write made
 * inside an observer would ride in the sender's update). `isOwn` tells the caller's own
 * transactions, which are not looked at. Returns the function that stops it.
 */
export function followDescriptionFragments(
  doc: Y.Doc,
  editor: Editor,
  transact: (fn: () => void) => void,
  isOwn: (tr: Y.Transaction) => boolean,
): () => void {
  const tasks = tasksMap(doc);
  const added = new Set<string>();
  const edited = new Set<string>();
  const onTasks = (events: Y.YEvent<Y.AbstractType<unknown>>[], tr: Y.Transaction) => {
    if (isOwn(tr)) return;
    for (const e of events) {
      if (e.target === tasks) {
        for (const [key, change] of e.changes.keys) if (change.action === 'add') added.add(key);
      } else if (e.path.length === 1 && typeof e.path[0] === 'string' && e.changes.keys.has('description')) {
        edited.add(e.path[0]);
      }
    }
  };
  const afterAll = () => {
    if (added.size === 0 && edited.size === 0) return;
    const newIds = [...added];
    const editedIds = [...edited];
    added.clear();
    edited.clear();
    transact(() => {
      addDescriptionFragments(doc, editor, newIds);
      foldDescriptionStrings(doc, editor, editedIds);
    });
  };
  tasks.observeDeep(onTasks);
  doc.on('afterAllTransactions', afterAll);
  return () => {
    tasks.unobserveDeep(onTasks);
    doc.off('afterAllTransactions', afterAll);
  };
}

/** A task's description fragment by id (the editor binds to it), or undefined. */
export function taskDescriptionFragment(doc: Y.Doc, taskId: string): Y.XmlFragment | undefined {
  const map = getYMap(tasksMap(doc) as Y.Map<unknown>, taskId);
  return map && descriptionFragment(map);
}

function collectMentions(type: Sequence, visible: Visible, into: Set<string>): void {
  for (const item of children(type, visible)) {
    const c = item.content;
    if (!(c instanceof Y.ContentType) || !(c.type instanceof Y.XmlElement)) continue;
    if (c.type.nodeName === 'mention') {
      const id = c.type.getAttribute('id');
      if (typeof id === 'string' && id.length > 0 && id.length <= 200) into.add(id);
    } else collectMentions(c.type, visible, into);
  }
}

/** The ids of the people a fragment mentions (mention nodes' `id`); with `visible`, as before a transaction. */
export function fragmentMentions(fragment: Y.XmlFragment, visible: Visible = liveNow): Set<string> {
  const ids = new Set<string>();
  collectMentions(fragment, visible, ids);
  return ids;
}

/**
 * Calls `onGained` after each transaction that added mentions to a task's description, with the
 * ids of the people mentioned now and not before it (the server notifies them). Returns unsubscribe.
 */
export function observeDescriptionMentions(
  doc: Y.Doc,
  onGained: (taskId: string, personIds: ReadonlySet<string>, transaction: Y.Transaction) => void,
): () => void {
  const tasks = tasksMap(doc) as Y.Map<unknown>;
  const handler = (events: Y.YEvent<Y.AbstractType<unknown>>[], tr: Y.Transaction) => {
    const touched = new Set<string>();
    for (const e of events) {
      const [taskId, key] = e.path;
      if (typeof taskId === 'string' && key === DESCRIPTION_FRAGMENT_KEY) touched.add(taskId);
    }
    for (const taskId of touched) {
      const map = getYMap(tasks, taskId);
      const fragment = map && descriptionFragment(map);
      if (!fragment) continue;
      const now = fragmentMentions(fragment);
      if (now.size === 0) continue;
      const before = fragmentMentions(fragment, liveBefore(tr));
      const gained = new Set([...now].filter((id) => !before.has(id)));
      if (gained.size > 0) onGained(taskId, gained, tr);
    }
  };
  tasks.observeDeep(handler);
  return () => tasks.unobserveDeep(handler);
}
