/**
 * Links between tasks (issue 14): blocks / is blocked by, relates to, duplicates / is duplicated
 * by. A link is stored once, on its source task (`link:<linkId>`, structure-stored.ts), and read
 * from both sides (structure.ts): "B is blocked by A" is A's link "blocks B".
 */
import type * as Y from 'yjs';
import { actorOf, type Editor, newId, write } from './doc.ts';
import { ModelError } from './errors.ts';
import { yTask } from './read.ts';
import { readLinks } from './structure.ts';
import {
  LINK_PREFIX,
  LINK_RELATIONS,
  type LinkRelation,
  type LinkType,
  readStoredLink,
  STRUCTURE_LIMITS,
} from './structure-stored.ts';

/** A relation as seen from the task it is added on → the stored link's type and direction. */
const STORED: Record<LinkRelation, { type: LinkType; reversed: boolean }> = {
  blocks: { type: 'blocks', reversed: false },
  'is blocked by': { type: 'blocks', reversed: true },
  'relates to': { type: 'relates', reversed: false },
  duplicates: { type: 'duplicates', reversed: false },
  'is duplicated by': { type: 'duplicates', reversed: true },
};

function isArchived(map: Y.Map<unknown>): boolean {
  const v = map.get('archivedAt');
  return typeof v === 'string' && v.length > 0;
}

/** Links `taskId` to `otherId` (`taskId` blocks `otherId`, …) and returns the link's id. */
export function addLink(
  doc: Y.Doc,
  editor: Editor,
  taskId: string,
  relation: LinkRelation,
  otherId: string,
): string {
  if (!(LINK_RELATIONS as readonly string[]).includes(relation)) {
    throw new ModelError('invalid_input', 'Unknown kind of link.');
  }
  if (taskId === otherId) throw new ModelError('invalid_input', 'A task cannot be linked to itself.');
  const { type, reversed } = STORED[relation];
  const sourceId = reversed ? otherId : taskId;
  const targetId = reversed ? taskId : otherId;
  return write(doc, editor, () => {
    const source = yTask(doc, sourceId);
    const target = yTask(doc, targetId);
    if (!source || !target) throw new ModelError('not_found', 'That task does not exist.');
    if (isArchived(source) || isArchived(target)) throw new ModelError('archived', 'That task is archived.');
    const existing = readLinks(doc, taskId);
    if (existing.some((l) => l.taskId === otherId && l.relation === relation)) {
      throw new ModelError('invalid_input', `It already ${relation} that task.`);
    }
    if (readLinks(doc, sourceId).filter((l) => l.sourceId === sourceId).length >= STRUCTURE_LIMITS.links) {
      throw new ModelError('invalid_input', `A task holds at most ${STRUCTURE_LIMITS.links} links.`);
    }
    const id = newId();
    source.set(LINK_PREFIX + id, { type, targetId, createdBy: actorOf(editor) });
    return id;
  });
}

/** Removes a link, from whichever side it is seen. */
export function removeLink(doc: Y.Doc, editor: Editor, sourceId: string, linkId: string): void {
  write(doc, editor, () => {
    const source = yTask(doc, sourceId);
    if (source?.has(LINK_PREFIX + linkId)) source.delete(LINK_PREFIX + linkId);
  });
}

const RELATION_OF: Record<LinkType, LinkRelation> = {
  blocks: 'blocks',
  relates: 'relates to',
  duplicates: 'duplicates',
};

/** Whether `sourceId` holds a link of `type` to `targetId`; undefined when there is no such task. */
export function hasLink(doc: Y.Doc, sourceId: string, type: LinkType, targetId: string): boolean | undefined {
  const source = yTask(doc, sourceId);
  if (!source) return undefined;
  for (const [key, value] of source.entries()) {
    if (!key.startsWith(LINK_PREFIX)) continue;
    const link = readStoredLink(key.slice(LINK_PREFIX.length), value);
    if (link?.type === type && link.targetId === targetId) return true;
  }
  return false;
}

/**
 * Undo's and redo's way to put a link back or take it away (undo-targets.ts: `task-link`). A link
 * is named by what it links, not its id: one put back is a new link made by the person undoing
 * (the server holds `createdBy` to the sender), so its id is new.
 */
export function setLinkBetween(
  doc: Y.Doc,
  editor: Editor,
  sourceId: string,
  type: LinkType,
  targetId: string,
  linked: boolean,
): void {
  write(doc, editor, () => {
    const now = hasLink(doc, sourceId, type, targetId);
    if (now === undefined) throw new ModelError('not_found', 'That task does not exist.');
    if (linked && !now) {
      addLink(doc, editor, sourceId, RELATION_OF[type], targetId);
      return;
    }
    if (linked || !now) return;
    const source = yTask(doc, sourceId) as Y.Map<unknown>;
    for (const [key, value] of [...source.entries()]) {
      if (!key.startsWith(LINK_PREFIX)) continue;
      const link = readStoredLink(key.slice(LINK_PREFIX.length), value);
      if (link?.type === type && link.targetId === targetId) source.delete(key);
    }
  });
}
