import { describe, expect, it } from 'vitest';
import { commentMentions, parseComment, parseInline } from './comment-markdown.ts';

const people = { u1: 'Ann', u2: 'Ann Lee', u3: 'Bob' };

describe('comment Markdown', () => {
  it('reads lists, checklists, code blocks and paragraphs', () => {
    const blocks = parseComment(
      'Plan:\n- milk\n- [x] eggs\n\n1. one\n2. two\n```\nnpm test\n```\nbye',
      people,
    );
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'list', 'list', 'code', 'paragraph']);
    const [, bullets, numbers, code] = blocks;
    expect(bullets).toMatchObject({ ordered: false, items: [{ checked: null }, { checked: true }] });
    expect(numbers).toMatchObject({ ordered: true });
    expect(code).toEqual({ kind: 'code', text: 'npm test' });
  });

  it('reads inline code, bold, italic, links, and only web links as links', () => {
    expect(
      parseInline('run `x` **now** *please* [docs](https://a.example/d) https://b.example.', {}),
    ).toEqual([
      { kind: 'text', text: 'run ' },
      { kind: 'code', text: 'x' },
      { kind: 'text', text: ' ' },
      { kind: 'bold', text: 'now' },
      { kind: 'text', text: ' ' },
      { kind: 'italic', text: 'please' },
      { kind: 'text', text: ' ' },
      { kind: 'link', text: 'docs', href: 'https://a.example/d' },
      { kind: 'text', text: ' ' },
      { kind: 'link', text: 'https://b.example', href: 'https://b.example/' },
      { kind: 'text', text: '.' },
    ]);
    expect(parseInline('[x](javascript:alert(1))', {}).every((i) => i.kind === 'text')).toBe(true);
  });

  it('finds mentions of people by their whole name, the longest first', () => {
    expect(commentMentions('@Ann Lee and @Bob, not @Bobby or @Zed', people).sort()).toEqual(['u2', 'u3']);
    expect(commentMentions('cc @Ann', people)).toEqual(['u1']);
    expect(commentMentions('mail ann@Bob.example', people)).toEqual([]);
  });
});
