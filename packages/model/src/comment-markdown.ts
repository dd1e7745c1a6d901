/**
 * Comment text as Markdown-ish blocks (issue 14): paragraphs, `-`/`*`/`1.` lists, `- [ ]` and
 * `- [x]` checklist items, fenced code, and inline `code`, **bold**, *italic*, links (`[text](url)`
 * or a bare http(s) URL) and `@Name` mentions of the workspace’s people. Plain data (the web renders
 * it as React elements, nothing as HTML; the server reads its mentions to notify).
 */

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'bold'; text: string }
  | { kind: 'italic'; text: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'mention'; text: string; personId: string };

export type ListItem = { checked: boolean | null; inline: Inline[] };

export type Block =
  | { kind: 'paragraph'; inline: Inline[] }
  | { kind: 'list'; ordered: boolean; items: ListItem[] }
  | { kind: 'code'; text: string };

const BULLET = /^\s*[-*]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
const CHECK = /^\[([ xX])\]\s+(.*)$/;
const FENCE = /^\s*```/;

/** Only web links become links: a `javascript:` URL stays text. */
function safeHref(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'mailto:' ? u.href : null;
  } catch {
    return null;
  }
}

/** `@Name` for each person, longest names first so `@Ann Lee` wins over `@Ann`. */
function mentionTable(people: Record<string, string>): [string, string][] {
  return Object.entries(people)
    .filter(([, name]) => name.length > 0)
    .map(([id, name]): [string, string] => [`@${name}`, id])
    .sort((a, b) => b[0].length - a[0].length);
}

const INLINE =
  /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|\[([^\]]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])|@/g;

export function parseInline(text: string, people: Record<string, string>): Inline[] {
  const mentions = mentionTable(people);
  const out: Inline[] = [];
  let plain = '';
  let at = 0;
  const flush = () => {
    if (plain) out.push({ kind: 'text', text: plain });
    plain = '';
  };
  INLINE.lastIndex = 0;
  for (let m = INLINE.exec(text); m !== null; m = INLINE.exec(text)) {
    plain += text.slice(at, m.index);
    at = m.index + m[0].length;
    const [whole, code, bold, italic, linkText, linkUrl, bare] = m;
    if (code !== undefined) {
      flush();
      out.push({ kind: 'code', text: code });
    } else if (bold !== undefined) {
      flush();
      out.push({ kind: 'bold', text: bold });
    } else if (italic !== undefined) {
      flush();
      out.push({ kind: 'italic', text: italic });
    } else if (linkText !== undefined && linkUrl !== undefined) {
      const href = safeHref(linkUrl);
      if (href) {
        flush();
        out.push({ kind: 'link', text: linkText, href });
      } else plain += whole;
    } else if (bare !== undefined) {
      const href = safeHref(bare);
      if (href) {
        flush();
        out.push({ kind: 'link', text: bare, href });
      } else plain += whole;
    } else {
      // An `@`: a mention when a person's name follows it whole.
      const rest = text.slice(m.index);
      // Not inside a word: `ann@bob.example` is an address.
      const inWord = /[\p{L}\p{N}_.]/u.test(text[m.index - 1] ?? '');
      const hit = inWord
        ? undefined
        : mentions.find(([tag]) => rest.startsWith(tag) && !/[\p{L}\p{N}_]/u.test(rest[tag.length] ?? ''));
      if (hit) {
        flush();
        out.push({ kind: 'mention', text: hit[0], personId: hit[1] });
        at = m.index + hit[0].length;
        INLINE.lastIndex = at;
      } else plain += whole;
    }
  }
  plain += text.slice(at);
  flush();
  return out;
}

export function parseComment(body: string, people: Record<string, string>): Block[] {
  const blocks: Block[] = [];
  const lines = body.split('\n');
  let para: string[] = [];
  const endParagraph = () => {
    if (para.length > 0) blocks.push({ kind: 'paragraph', inline: parseInline(para.join('\n'), people) });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (FENCE.test(line)) {
      endParagraph();
      const code: string[] = [];
      for (i++; i < lines.length && !FENCE.test(lines[i] as string); i++) code.push(lines[i] as string);
      blocks.push({ kind: 'code', text: code.join('\n') });
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      endParagraph();
      const ordered = numbered !== null;
      const text = (bullet?.[1] ?? numbered?.[1] ?? '') as string;
      const check = CHECK.exec(text);
      const item: ListItem = {
        checked: check ? check[1] !== ' ' : null,
        inline: parseInline(check ? (check[2] as string) : text, people),
      };
      const last = blocks.at(-1);
      if (last?.kind === 'list' && last.ordered === ordered && para.length === 0) last.items.push(item);
      else blocks.push({ kind: 'list', ordered, items: [item] });
      continue;
    }
    if (line.trim() === '') endParagraph();
    else para.push(line);
  }
  endParagraph();
  return blocks;
}

/** The people a comment mentions (`@Name` of a person in `people`), for notifications. */
export function commentMentions(body: string, people: Record<string, string>): string[] {
  const ids = new Set<string>();
  for (const block of parseComment(body, people)) {
    const inlines =
      block.kind === 'paragraph'
        ? block.inline
        : block.kind === 'list'
          ? block.items.flatMap((i) => i.inline)
          : [];
    for (const x of inlines) if (x.kind === 'mention') ids.add(x.personId);
  }
  return [...ids];
}
