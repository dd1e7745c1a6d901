/**
 * A Trello board export (Board menu → Print, export and share → Export as JSON) read into an
 * import plan. What is taken: open lists (the statuses, left to right), open cards with their
 * labels, checklists, comments (actions of type `commentCard`), due dates and members. Archived
 * lists and cards are skipped and reported. Trello has no priority, estimate or sprint.
 *
 * Trello's export holds no email addresses, so members are matched to workspace members by an
 * email the importer gives per Trello username (`members`), else by full name (import-plan.ts).
 * The text is checked for nesting depth before JSON.parse (the caller hands in the check, the one
 * REST bodies use: http/json-depth.ts): its size is bounded by the route, the cost of parsing deep
 * nesting is not.
 */
import { z } from 'zod';
import {
  type ImportPlan,
  ImportRefused,
  type PersonRef,
  type PlanTask,
  type Skipped,
} from './import-plan.ts';

const text = z.string().max(1_000_000);
const idSchema = z.string().min(1).max(200);

const boardSchema = z.object({
  name: text.optional().default(''),
  labels: z
    .array(z.object({ id: idSchema, name: text.nullish(), color: z.string().max(100).nullish() }))
    .default([]),
  lists: z.array(
    z.object({ id: idSchema, name: text, closed: z.boolean().default(false), pos: z.number().default(0) }),
  ),
  cards: z.array(
    z.object({
      id: idSchema,
      name: text,
      desc: text.default(''),
      closed: z.boolean().default(false),
      idList: idSchema,
      idLabels: z.array(idSchema).default([]),
      idMembers: z.array(idSchema).default([]),
      due: z.string().max(100).nullish(),
      pos: z.number().default(0),
      shortLink: z.string().max(100).optional(),
    }),
  ),
  members: z
    .array(
      z.object({
        id: idSchema,
        username: z.string().max(200).default(''),
        fullName: z.string().max(1_000).default(''),
        email: z.string().max(320).nullish(),
      }),
    )
    .default([]),
  checklists: z
    .array(
      z.object({
        idCard: idSchema,
        name: text.default(''),
        pos: z.number().default(0),
        checkItems: z
          .array(z.object({ name: text, state: z.string().max(40), pos: z.number().default(0) }))
          .default([]),
      }),
    )
    .default([]),
  actions: z
    .array(
      z.object({
        type: z.string().max(100),
        date: z.string().max(100).optional(),
        idMemberCreator: z.string().max(200).optional(),
        memberCreator: z.object({ fullName: z.string().max(1_000).optional() }).optional(),
        data: z.object({ text: text.optional(), card: z.object({ id: idSchema }).optional() }).optional(),
      }),
    )
    .default([]),
});
export type TrelloBoard = z.infer<typeof boardSchema>;

export type TrelloOptions = {
  /** Trello username → email, for the members Trello's export names without an address. */
  members?: Record<string, string> | undefined;
  /** Levels of nesting past which the file is refused unparsed (a Trello export nests about 6). */
  maxDepth: number;
  /** True when `text` nests deeper than `max` (http/json-depth.ts): one pass, no allocation. */
  nestsDeeperThan: (text: string, max: number) => boolean;
};

function readJson(content: string, options: TrelloOptions): unknown {
  if (options.nestsDeeperThan(content, options.maxDepth)) {
    throw new ImportRefused(
      'too_deep',
      `The file nests deeper than ${options.maxDepth} levels; a Trello export does not.`,
    );
  }
  try {
    return JSON.parse(content);
  } catch {
    throw new ImportRefused(
      'format',
      'The file is not JSON. A Trello export is the JSON from the board menu: Print, export and share → Export as JSON.',
    );
  }
}

export function parseTrelloBoard(content: string, options: TrelloOptions): ImportPlan {
  const parsed = boardSchema.safeParse(readJson(content, options));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.length ? ` (at ${first.path.map(String).join('.')}: ${first.message})` : '';
    throw new ImportRefused('format', `The file is not a Trello board export${where}.`);
  }
  return planOf(parsed.data, options);
}

const byPos = <T extends { pos: number }>(a: T, b: T) => a.pos - b.pos;

/** The day of a Trello due instant, in UTC (Trello stores instants; Taskflow deadlines are days). */
function dueDay(due: string | null | undefined): string | null {
  if (!due) return null;
  const t = Date.parse(due);
  return Number.isNaN(t) ? null : new Date(t).toISOString().slice(0, 10);
}

/** A Trello id is a MongoDB ObjectId: its first 4 bytes are the creation time in seconds. */
function createdFromId(id: string): string | null {
  if (!/^[0-9a-f]{24}$/i.test(id)) return null;
  const seconds = Number.parseInt(id.slice(0, 8), 16);
  return seconds > 0 ? new Date(seconds * 1000).toISOString() : null;
}

function isoOrNull(date: string | undefined): string | null {
  if (!date) return null;
  const t = Date.parse(date);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function planOf(board: TrelloBoard, options: TrelloOptions): ImportPlan {
  const skipped: Skipped[] = [];
  const lists = [...board.lists].sort(byPos);
  const openLists = new Map(lists.filter((l) => !l.closed).map((l) => [l.id, l.name]));
  const closedLists = new Set(lists.filter((l) => l.closed).map((l) => l.id));
  const labels = new Map(board.labels.map((l) => [l.id, l.name?.trim() || l.color || '']));
  const people = new Map<string, PersonRef>(
    board.members.map((m) => [
      m.id,
      { email: m.email ?? options.members?.[m.username] ?? null, name: m.fullName || m.username || null },
    ]),
  );
  const checklists = new Map<string, { text: string; done: boolean }[]>();
  for (const list of [...board.checklists].sort(byPos)) {
    const items = checklists.get(list.idCard) ?? [];
    for (const item of [...list.checkItems].sort(byPos))
      items.push({ text: item.name, done: item.state === 'complete' });
    checklists.set(list.idCard, items);
  }
  const comments = new Map<string, PlanTask['comments']>();
  // Trello lists actions newest first; a task's comments read oldest first.
  for (const action of [...board.actions].reverse()) {
    const cardId = action.data?.card?.id;
    if (action.type !== 'commentCard' || !cardId || action.data?.text === undefined) continue;
    const author =
      action.memberCreator?.fullName ||
      (action.idMemberCreator ? people.get(action.idMemberCreator)?.name : undefined) ||
      'someone';
    const list = comments.get(cardId) ?? [];
    list.push({ author, createdAt: isoOrNull(action.date), body: action.data.text });
    comments.set(cardId, list);
  }
  const tasks: PlanTask[] = [];
  const cards = [...board.cards].sort(byPos);
  for (const list of lists) {
    for (const card of cards) {
      if (card.idList !== list.id) continue;
      const ref = card.shortLink ?? card.id;
      if (card.closed || closedLists.has(card.idList)) {
        skipped.push({ ref, reason: card.closed ? 'archived card' : `in the archived list "${list.name}"` });
        continue;
      }
      const assignee = card.idMembers.map((id) => people.get(id)).find((p) => p !== undefined) ?? null;
      if (card.idMembers.length > 1) {
        skipped.push({ ref, reason: 'more than one member on the card: the first is the assignee' });
      }
      tasks.push({
        ref,
        title: card.name,
        description: card.desc,
        status: openLists.get(card.idList) ?? list.name,
        priority: 'medium',
        type: null,
        labels: card.idLabels.map((id) => labels.get(id) ?? '').filter((l) => l !== ''),
        assignee,
        deadline: dueDay(card.due),
        estimate: null,
        sprint: null,
        createdAt: createdFromId(card.id),
        checklist: checklists.get(card.id) ?? [],
        comments: comments.get(card.id) ?? [],
      });
    }
  }
  const known = new Set(lists.map((l) => l.id));
  for (const card of cards) {
    if (!known.has(card.idList))
      skipped.push({ ref: card.shortLink ?? card.id, reason: 'in a list the file does not hold' });
  }
  return { source: 'trello', name: board.name, key: null, statuses: [...openLists.values()], tasks, skipped };
}
