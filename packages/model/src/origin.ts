/**
 * Every transaction the model makes carries one of these as its Yjs origin, so observers can tell
 * a person's own edit from a replay or a server write without guessing (typed origins).
 */
export type Origin =
  /** A person editing in this replica (browser tab, test client). */
  | { readonly kind: 'user'; readonly actorId: string }
  /** The REST API acting for a person on the live server document. */
  | { readonly kind: 'rest'; readonly actorId: string }
  /** The server itself: seeding a new workspace, repairs, the ticker. */
  | { readonly kind: 'server'; readonly reason: 'seed' | 'repair' | 'ticker' };

export function userOrigin(actorId: string): Origin {
  return { kind: 'user', actorId };
}

export function isModelOrigin(x: unknown): x is Origin {
  if (typeof x !== 'object' || x === null || !('kind' in x)) return false;
  const kind = (x as { kind: unknown }).kind;
  return kind === 'user' || kind === 'rest' || kind === 'server';
}

/** The actor an origin speaks for, or `system` for the server's own writes. */
export function originActor(origin: Origin): string {
  switch (origin.kind) {
    case 'user':
    case 'rest':
      return origin.actorId;
    case 'server':
      return 'system';
    default:
      return unreachable(origin);
  }
}

export function unreachable(x: never): never {
  throw new Error(`unreachable: ${JSON.stringify(x)}`);
}
