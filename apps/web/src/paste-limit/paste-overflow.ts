/**
 * What a paste into a length-limited field would lose (issue 14: "pasting over a field's limit
 * says so instead of cutting silently"). The browser cuts a paste at `maxLength` without a word;
 * this works out, before it does, how much of the pasted text will not fit. Pure, for its test.
 */
export type PasteOverflow = { limit: number; pasted: number; kept: number };

/** The field's value and selection, the pasted text and its limit → what is cut, or null if it fits. */
export function pasteOverflow(
  value: string,
  selectionStart: number,
  selectionEnd: number,
  pasted: string,
  limit: number,
): PasteOverflow | null {
  if (limit <= 0) return null;
  const room = limit - (value.length - Math.max(0, selectionEnd - selectionStart));
  if (pasted.length <= room) return null;
  return { limit, pasted: pasted.length, kept: Math.max(0, room) };
}

/** "Title holds at most 500 characters: 420 of the 612 you pasted were kept." */
export function overflowMessage(field: string, o: PasteOverflow): string {
  const kept = o.kept === 0 ? 'none' : `${o.kept.toLocaleString()}`;
  return `${field} holds at most ${o.limit.toLocaleString()} characters: ${kept} of the ${o.pasted.toLocaleString()} you pasted ${o.kept === 1 ? 'was' : 'were'} kept.`;
}
