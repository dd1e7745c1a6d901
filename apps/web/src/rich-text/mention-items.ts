/** Who an `@` query offers: the workspace's people whose name (or id) contains it, best first. */
export type MentionItem = { id: string; label: string };

/** At most this many people in the list: the rest narrow down as the person types. */
export const MENTION_LIMIT = 8;

export function mentionItems(people: Record<string, string>, query: string): MentionItem[] {
  const q = query.trim().toLocaleLowerCase();
  const all = Object.entries(people).map(([id, label]) => ({ id, label: label || id }));
  const scored = all
    .map((p) => {
      const name = p.label.toLocaleLowerCase();
      const rank = q === '' ? 1 : name.startsWith(q) ? 0 : name.includes(q) ? 1 : p.id === query ? 2 : -1;
      return { p, rank };
    })
    .filter((s) => s.rank >= 0);
  scored.sort((a, b) => a.rank - b.rank || a.p.label.localeCompare(b.p.label) || (a.p.id < b.p.id ? -1 : 1));
  return scored.slice(0, MENTION_LIMIT).map((s) => s.p);
}
