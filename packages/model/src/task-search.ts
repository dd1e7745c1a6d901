/**
 * Finding a task by what a person types into the command palette (issue 14): its key (`WEB-12`,
 * `web-12`, or a bare `12` within the project in view), or words of its title.
 *
 * A keystroke must not cost a read of the whole workspace (10,000 tasks): the index keeps, per
 * task, its title already folded for matching (lower case, accents dropped, punctuation turned to
 * spaces), built on first use by one walk and then refreshed per changed task from the document's
 * own record of what changed (touched-entries.ts), like task-index.ts. A query then scans those
 * folded strings in memory — a few string tests per task, about a millisecond for 10,000 — and
 * keeps the best `limit` hits in a small sorted list instead of sorting every match. A keystroke
 * that extends the last query scans only the last query's matches.
 *
 * Ranking, best first: the exact key (or bare number), then titles that start with the query, then
 * titles where every typed word starts a word, then titles that contain every typed word, then
 * titles holding the typed letters in order (a subsequence: `lgnpg` finds "Login page"). After the
 * key, live tasks come before archived ones (kept, marked, so an archived task can still be found
 * and restored); within a rank the project in view first, then shorter titles before longer ones.
 */

import type * as Y from 'yjs';
import { isDeletedRecord, isProjectDeleted } from './deleted-record.ts';
import { getYMap, projectsMap, tasksMap } from './doc.ts';
import { isTaskKey, resolveTaskKey } from './keys.ts';
import { countTaskWalk, taskIndex } from './task-index.ts';
import { FollowedEntries } from './touched-entries.ts';

/** How a hit matched, best first. */
export const SEARCH_MATCHES = ['key', 'prefix', 'words', 'substring', 'subsequence'] as const;
export type SearchMatch = (typeof SEARCH_MATCHES)[number];

export type TaskHit = {
  id: string;
  projectId: string;
  /** The key's number, null while the server has not numbered the task (M21). */
  number: number | null;
  /** As readers read it (`(untitled)` for a missing or bad one). */
  title: string;
  archived: boolean;
  match: SearchMatch;
};

export type TaskSearchOptions = {
  /** The project in view: a bare number names its task, and its tasks rank first among equals. */
  projectId?: string | null;
  /** At most this many hits (default 50). */
  limit?: number;
};

export const SEARCH_LIMIT = 50;

type Entry = {
  id: string;
  projectId: string;
  number: number | null;
  title: string;
  /** ` ${folded title}`: a word starts wherever a space precedes it. */
  spaced: string;
  archived: boolean;
};

/** Tasks read by the search index, per document: what tests count to prove a keystroke reads none. */
const reads = new WeakMap<Y.Doc, number>();

export function taskSearchReads(doc: Y.Doc): number {
  return reads.get(doc) ?? 0;
}

/**
 * Lower case, accents dropped, anything but letters and digits turned to single spaces: `Fix
 * the log-in Pâge!` → `fix the log in page`. Titles and queries are folded alike.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export class TaskSearch {
  readonly #doc: Y.Doc;
  readonly #followed: FollowedEntries;
  readonly #entries = new Map<string, Entry>();
  /** Bumped whenever an entry changes: a kept narrowing is only good for the entries it saw. */
  #generation = 0;
  /** The last query's title matches (every rank, uncapped), to narrow the next keystroke from. */
  #last: { folded: string; generation: number; matches: Entry[] } | null = null;

  constructor(doc: Y.Doc) {
    this.#doc = doc;
    this.#followed = new FollowedEntries(doc, () => tasksMap(doc) as unknown as Y.AbstractType<unknown>);
  }

  /** Builds the index now (the one walk) or catches it up, so the next keystroke does not pay for it. */
  prepare(): void {
    this.#refresh();
  }

  /** The best hits for `query`, best first; none for a blank query. */
  search(query: string, options: TaskSearchOptions = {}): TaskHit[] {
    this.#refresh();
    const limit = Math.max(0, options.limit ?? SEARCH_LIMIT);
    const here = options.projectId ?? null;
    const folded = foldForSearch(query);
    if (folded === '' || limit === 0) return [];
    const top = new TopHits(limit, here);
    // Tasks of a deleted project are gone with it (deleted-record.ts); the few projects are asked
    // once per query, not once per task.
    const gone = deletedProjects(this.#doc);

    const keyed = this.#keyed(query.trim(), here);
    const keyedEntry = keyed === undefined ? undefined : this.#entries.get(keyed);
    if (keyedEntry && !gone.has(keyedEntry.projectId)) top.offer(keyedEntry, 0);

    const words = folded.split(' ');
    const spacedWords = words.map((w) => ` ${w}`);
    const letters = folded.replaceAll(' ', '');
    const spacedQuery = ` ${folded}`;
    // Typing on narrows: whatever matches `login pa` matched `login p` (each word then holds the
    // shorter one, the letters in order hold a prefix of them), so the next keystroke scans only
    // the last one's matches while nothing changed in between.
    const last = this.#last;
    const from =
      last && last.generation === this.#generation && folded.startsWith(last.folded)
        ? last.matches
        : this.#entries.values();
    const matches: Entry[] = [];
    for (const entry of from) {
      const rank = titleRank(entry.spaced, spacedQuery, words, spacedWords, letters);
      if (rank === 0) continue;
      matches.push(entry);
      if (entry !== keyedEntry && !gone.has(entry.projectId)) top.offer(entry, rank);
    }
    this.#last = { folded, generation: this.#generation, matches };
    return top.hits();
  }

  /** The task a key-shaped query names: `WEB-12` (any case, old project keys too) or `12` in `here`. */
  #keyed(query: string, here: string | null): string | undefined {
    if (isTaskKey(query)) return resolveTaskKey(this.#doc, query);
    const bare = /^#?(\d{1,15})$/.exec(query);
    if (bare?.[1] && here !== null) return taskIndex(this.#doc).numbered(here, Number(bare[1]));
    return undefined;
  }

  #refresh(): void {
    this.#followed.refresh(this.#build, this.#setOne);
  }

  readonly #build = (): void => {
    countTaskWalk(this.#doc);
    const tasks = tasksMap(this.#doc) as Y.Map<unknown>;
    tasks.forEach((_, id) => {
      this.#set(id, getYMap(tasks, id));
    });
  };

  readonly #setOne = (id: string): void => {
    this.#set(id, getYMap(tasksMap(this.#doc) as Y.Map<unknown>, id));
  };

  #set(id: string, map: Y.Map<unknown> | undefined): void {
    this.#generation += 1;
    const entry = map && this.#read(id, map);
    if (entry) this.#entries.set(id, entry);
    else this.#entries.delete(id);
  }

  /** The fields the search needs, each as readers read it (read.ts, readTaskCore). */
  #read(id: string, map: Y.Map<unknown>): Entry | undefined {
    reads.set(this.#doc, (reads.get(this.#doc) ?? 0) + 1);
    const projectId = map.get('projectId');
    if (typeof projectId !== 'string' || projectId.length < 1 || projectId.length > 200) return undefined;
    if (isDeletedRecord(map)) return undefined;
    const raw = map.get('title');
    const title = typeof raw === 'string' && raw.length > 0 && raw.length <= 500 ? raw : '(untitled)';
    const number = map.get('number');
    const archivedAt = map.get('archivedAt');
    return {
      id,
      projectId,
      number: typeof number === 'number' && Number.isSafeInteger(number) && number > 0 ? number : null,
      title,
      spaced: ` ${foldForSearch(title)}`,
      archived: typeof archivedAt === 'string' && archivedAt.length > 0,
    };
  }
}

/**
 * How well a folded title matches: 1 starts with the query, 2 every word starts a title word, 3
 * every word is in the title, 4 the letters in order, 0 no match. Cheapest tests first: the
 * subsequence walk, the dearest, runs only for titles that failed the others.
 */
function titleRank(
  spaced: string,
  spacedQuery: string,
  words: readonly string[],
  spacedWords: readonly string[],
  letters: string,
): number {
  if (spaced.startsWith(spacedQuery)) return 1;
  let starts = true;
  let contains = true;
  for (let i = 0; i < words.length; i++) {
    if (spaced.includes(spacedWords[i] as string)) continue;
    starts = false;
    if (!spaced.includes(words[i] as string)) {
      contains = false;
      break;
    }
  }
  if (starts) return 2;
  if (contains) return 3;
  return isSubsequence(letters, spaced) ? 4 : 0;
}

function isSubsequence(letters: string, text: string): boolean {
  let at = 0;
  for (let i = 0; i < letters.length; i++) {
    at = text.indexOf(letters[i] as string, at);
    if (at < 0) return false;
    at += 1;
  }
  return true;
}

type Scored = { entry: Entry; rank: number };

/** The best `limit` hits seen so far, kept sorted: a query costs n·log(limit), not a sort of every match. */
class TopHits {
  readonly #limit: number;
  readonly #here: string | null;
  readonly #list: Scored[] = [];

  constructor(limit: number, here: string | null) {
    this.#limit = limit;
    this.#here = here;
  }

  offer(entry: Entry, rank: number): void {
    const item = { entry, rank };
    const list = this.#list;
    const worst = list[list.length - 1];
    if (list.length >= this.#limit && worst && this.#compare(item, worst) >= 0) return;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#compare(list[mid] as Scored, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, item);
    if (list.length > this.#limit) list.pop();
  }

  hits(): TaskHit[] {
    return this.#list.map(({ entry, rank }) => ({
      id: entry.id,
      projectId: entry.projectId,
      number: entry.number,
      title: entry.title,
      archived: entry.archived,
      match: SEARCH_MATCHES[rank] as SearchMatch,
    }));
  }

  #compare(a: Scored, b: Scored): number {
    const x = a.entry;
    const y = b.entry;
    // The typed key wins even when archived; then live before archived, then the rank.
    return (
      Number(a.rank !== 0) - Number(b.rank !== 0) ||
      Number(x.archived) - Number(y.archived) ||
      a.rank - b.rank ||
      Number(x.projectId !== this.#here) - Number(y.projectId !== this.#here) ||
      x.title.length - y.title.length ||
      (x.spaced < y.spaced ? -1 : x.spaced > y.spaced ? 1 : 0) ||
      (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)
    );
  }
}

function deletedProjects(doc: Y.Doc): Set<string> {
  const out = new Set<string>();
  projectsMap(doc).forEach((_, id) => {
    if (isProjectDeleted(doc, id)) out.add(id);
  });
  return out;
}

const indexes = new WeakMap<Y.Doc, TaskSearch>();

/** The document's search index, made on first use. */
export function taskSearch(doc: Y.Doc): TaskSearch {
  let index = indexes.get(doc);
  if (!index) {
    index = new TaskSearch(doc);
    indexes.set(doc, index);
  }
  return index;
}

/** The best hits for `query` in the document (see the header for the ranking). */
export function searchTasks(doc: Y.Doc, query: string, options?: TaskSearchOptions): TaskHit[] {
  return taskSearch(doc).search(query, options);
}
