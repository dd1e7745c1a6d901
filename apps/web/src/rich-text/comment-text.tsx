/**
 * A comment's text with its Markdown-ish formatting (model: comment-markdown.ts): lists,
 * checklist items (shown, not tickable), code, bold, italic, links and `@Name` mentions. Built
 * as React elements, so nothing in a comment is ever read as HTML.
 */
import { type CommentBlock, type CommentInline, parseComment } from '@taskflow/model';
import { type ReactNode, useMemo } from 'react';
import './comment-text.css';

function inline(parts: CommentInline[]): ReactNode[] {
  return parts.map((p, i) => {
    const key = `${i}-${p.kind}`;
    switch (p.kind) {
      case 'text':
        return <span key={key}>{p.text}</span>;
      case 'code':
        return <code key={key}>{p.text}</code>;
      case 'bold':
        return <strong key={key}>{p.text}</strong>;
      case 'italic':
        return <em key={key}>{p.text}</em>;
      case 'link':
        return (
          <a key={key} href={p.href} target="_blank" rel="noopener noreferrer nofollow">
            {p.text}
          </a>
        );
      default:
        return (
          <span key={key} className="mention">
            {p.text}
          </span>
        );
    }
  });
}

function block(b: CommentBlock, i: number): ReactNode {
  if (b.kind === 'paragraph') return <p key={i}>{inline(b.inline)}</p>;
  if (b.kind === 'code')
    return (
      <pre key={i}>
        <code>{b.text}</code>
      </pre>
    );
  const items = b.items.map((item, j) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: list items have no identity beyond their place
    <li key={j} className={item.checked === null ? undefined : 'checklist-item'}>
      {item.checked !== null && (
        <input
          type="checkbox"
          checked={item.checked}
          readOnly
          disabled
          aria-label={item.checked ? 'Done' : 'Not done'}
        />
      )}
      {inline(item.inline)}
    </li>
  ));
  return b.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
}

export function CommentText({ body, people }: { body: string; people: Record<string, string> }) {
  const blocks = useMemo(() => parseComment(body, people), [body, people]);
  return <div className="comment-body comment-text">{blocks.map(block)}</div>;
}
