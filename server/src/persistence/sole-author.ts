import type * as Y from 'yjs';

/** The Yjs clientID that wrote the update, when there is exactly one (a typical client edit). */
export function soleAuthor(tr: Y.Transaction): number | null {
  // The clients whose clocks this transaction advanced are exactly those with structs in its
  // update: read from the states Yjs keeps, not by decoding the update again (issue 13).
  let author: number | null = null;
  for (const [client, clock] of tr.afterState) {
    if ((tr.beforeState.get(client) ?? 0) === clock) continue;
    if (author !== null) return null;
    author = client;
  }
  return author;
}
