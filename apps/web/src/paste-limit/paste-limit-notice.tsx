/**
 * Says so when a paste into any length-limited input or textarea is cut at its limit (issue 14).
 * One listener on the document covers every field, today's and tomorrow's; the browser still cuts
 * (the limit is the model's), but the person now knows what was left out.
 */
import { useEffect, useState } from 'react';
import { overflowMessage, pasteOverflow } from './paste-overflow.ts';
import './paste-limit.css';

function fieldName(field: HTMLInputElement | HTMLTextAreaElement): string {
  const label = field.labels?.[0]?.querySelector('span')?.textContent ?? field.labels?.[0]?.textContent;
  return (label ?? field.getAttribute('aria-label') ?? 'This field').trim() || 'This field';
}

export function PasteLimitNotice() {
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onPaste = (e: ClipboardEvent) => {
      const field = e.target;
      if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) return;
      if (field.maxLength <= 0) return;
      const overflow = pasteOverflow(
        field.value,
        field.selectionStart ?? field.value.length,
        field.selectionEnd ?? field.value.length,
        e.clipboardData?.getData('text/plain') ?? '',
        field.maxLength,
      );
      if (!overflow) return;
      setMessage(overflowMessage(fieldName(field), overflow));
      clearTimeout(timer);
      timer = setTimeout(() => setMessage(null), 10_000);
    };
    document.addEventListener('paste', onPaste, true);
    return () => {
      document.removeEventListener('paste', onPaste, true);
      clearTimeout(timer);
    };
  }, []);

  return (
    // A polite live region, not role=status: pages have their own status lines, and one region
    // per page keeps "the page's status" unambiguous for assistive tech and tests alike.
    <div className="paste-limit" aria-live="polite">
      {message && (
        <p className="notice">
          {message}{' '}
          <button type="button" onClick={() => setMessage(null)}>
            OK
          </button>
        </p>
      )}
    </div>
  );
}
