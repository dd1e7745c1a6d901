/**
 * How checklists and links are stored on a task's map (issue 14). Both are keys of the task's own
 * map, one per item, not one nested map per task: two people adding a task's first checklist item
 * (or first link) at once would each create that nested map and one of them would be lost (the
 * same reason as watchers.ts).
 *
 * - `check:<itemId>` → a Y.Map `{ text, rank, done }`, made by whoever adds the item; a rename and
 *   a toggle by two people at once both survive (separate keys). Removing deletes the key: the
 *   server refuses deleting top-level entries only, and a removed item needs no history.
 * - `link:<linkId>` → a plain value `{ type, targetId, createdBy }`, stored once on the source
 *   task (A blocks B is stored on A); readers give both directions (structure.ts). A link never
 *   changes, so it is one atomic value; removing deletes the key. The server holds `createdBy` to
 *   the sender (update-inspection-rules.ts).
 */
import { z } from 'zod';

export const CHECK_PREFIX = 'check:';
export const LINK_PREFIX = 'link:';

export const STRUCTURE_LIMITS = {
  checklistItems: 200,
  checklistText: 500,
  links: 200,
} as const;

/** Link types as stored, from the source task's side. */
export const LINK_TYPES = ['blocks', 'relates', 'duplicates'] as const;
export type LinkType = (typeof LINK_TYPES)[number];

/** How a link reads from one of its two tasks. */
export const LINK_RELATIONS = [
  'blocks',
  'is blocked by',
  'relates to',
  'duplicates',
  'is duplicated by',
] as const;
export type LinkRelation = (typeof LINK_RELATIONS)[number];

const id = z.string().min(1).max(200);

export const storedLinkSchema = z.object({
  type: z.enum(LINK_TYPES),
  targetId: id,
  createdBy: id,
});

export type StoredLink = z.infer<typeof storedLinkSchema> & { id: string };

export function readStoredLink(linkId: string, value: unknown): StoredLink | undefined {
  if (linkId.length === 0 || linkId.length > 200) return undefined;
  const parsed = storedLinkSchema.safeParse(value);
  return parsed.success ? { ...parsed.data, id: linkId } : undefined;
}

export const checklistTextSchema = z.string().trim().min(1).max(STRUCTURE_LIMITS.checklistText);
