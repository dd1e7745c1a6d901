/**
 * Where rich text may be written through sync (issue 14, SPEC M24 in docs/PROTOCOL.md): only
 * inside a task's description fragment (description-fragment.ts), and only so much of it.
 *
 * - XML types (fragment, element, text, hook) are refused anywhere else, and so are
 *   subdocuments anywhere: nothing in the layout reads them.
 * - Inside a fragment only what the editor's Yjs binding writes: elements, text runs, characters,
 *   marks (format items) and attribute values; no maps, arrays, Y.Text, embeds or binaries.
 * - The fragment itself is written with its task (createTask), in the same update; a member
 *   may not put a new fragment over a task's (or a first one into a task that exists: the
 *   server gives legacy tasks theirs, so two offline replicas never each make one and lose one
 *   person's typing to last-writer-wins), nor delete it.
 * - A description holds at most DESCRIPTION_FRAGMENT_LIMIT positions (characters, nodes, marks)
 *   after the update: a crafted huge one is refused as `too-large`.
 */
import * as Y from 'yjs';
import { DESCRIPTION_FRAGMENT_KEY, descriptionFragment } from './description-fragment.ts';
import { getYMap, tasksMap } from './doc.ts';
import type { TypeValue, UpdateWrite } from './update-inspection.ts';

/** Positions a description fragment may hold: room for 20,000 characters with marks and lists. */
export const DESCRIPTION_FRAGMENT_LIMIT = 100_000;

const XML_TYPES: ReadonlySet<string> = new Set(['YXmlFragment', 'YXmlElement', 'YXmlText', 'YXmlHook']);
/** What the editor's binding writes inside a fragment. */
const INSIDE_CONTENT: ReadonlySet<string> = new Set([
  'ContentString',
  'ContentFormat',
  'ContentAny',
  'ContentDeleted',
  'ContentType',
]);
const INSIDE_TYPES: ReadonlySet<string> = new Set(['YXmlElement', 'YXmlText']);

export type RichVerdict = { reason: 'not-writable' | 'too-large'; rule: 'M24' } | null;

function typeName(w: UpdateWrite): string | null {
  if (w.content !== 'ContentType' || !w.hasValue) return null;
  return (w.value as TypeValue).yType;
}

/** Whether the write lands inside a task's description fragment (below the fragment itself). */
function insideFragment(w: UpdateWrite, tasksRoot: string): boolean {
  return w.path[0] === tasksRoot && w.path[2] === DESCRIPTION_FRAGMENT_KEY && w.depth >= 4;
}

/** The verdict on one write. */
export function judgeRich(w: UpdateWrite, tasksRoot: string): RichVerdict {
  const refused = { reason: 'not-writable', rule: 'M24' } as const;
  if (w.content === 'ContentDoc') return refused;
  const yType = typeName(w);
  if (insideFragment(w, tasksRoot)) {
    if (w.op === 'delete') return null;
    if (!INSIDE_CONTENT.has(w.content)) return refused;
    return yType === null || INSIDE_TYPES.has(yType) ? null : refused;
  }
  if (w.path[0] === tasksRoot && w.depth === 3 && w.path[2] === DESCRIPTION_FRAGMENT_KEY) {
    // The fragment itself: created with its new task, as an XmlFragment, and never removed.
    if (w.op === 'delete' || !w.entity?.isNew) return refused;
    // A placeholder Yjs left of one made and removed in the same update holds nothing.
    return yType === 'YXmlFragment' || w.content === 'ContentDeleted' ? null : refused;
  }
  if (yType !== null && XML_TYPES.has(yType)) return refused;
  if (w.content === 'ContentFormat' || w.content === 'ContentEmbed') return refused;
  return null;
}

/** Live positions of a fragment in the document (characters, nodes, marks, attributes). */
function fragmentSize(fragment: Y.XmlFragment): number {
  let size = 0;
  const stack: Y.AbstractType<unknown>[] = [fragment as unknown as Y.AbstractType<unknown>];
  while (stack.length > 0) {
    const type = stack.pop() as Y.AbstractType<unknown>;
    for (let item = type._start; item !== null; item = item.right) {
      if (item.deleted) continue;
      size += item.length;
      if (item.content instanceof Y.ContentType) stack.push(item.content.type);
    }
    for (const item of type._map.values()) if (!item.deleted) size += 1;
  }
  return size;
}

/**
 * `too-large` when the update leaves a task's description over the limit: what the document holds
 * plus the live positions the update adds (deletes in the update are not subtracted: an honest
 * client stays far below the limit either way).
 */
export function judgeRichSize(doc: Y.Doc, writes: readonly UpdateWrite[], tasksRoot: string): RichVerdict {
  const added = new Map<string, number>();
  for (const w of writes) {
    if (w.op !== 'set' || !insideFragment(w, tasksRoot) || w.content === 'ContentDeleted') continue;
    const taskId = w.path[1] as string;
    added.set(taskId, (added.get(taskId) ?? 0) + w.length);
  }
  for (const [taskId, n] of added) {
    const task = getYMap(tasksMap(doc) as Y.Map<unknown>, taskId);
    const fragment = task && descriptionFragment(task);
    // The document's size is walked only when the update alone fits.
    if (
      n > DESCRIPTION_FRAGMENT_LIMIT ||
      n + (fragment ? fragmentSize(fragment) : 0) > DESCRIPTION_FRAGMENT_LIMIT
    )
      return { reason: 'too-large', rule: 'M24' };
  }
  return null;
}
