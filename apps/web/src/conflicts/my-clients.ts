/**
 * The Yjs client ids this person has written a workspace with on this device. A reload starts a new
 * client id, but offline edits made before it are still theirs: a title of theirs that loses to a
 * concurrent one after the reload must still be told to them (model: observeLostEdits). Tabs share
 * the list through localStorage; the last few dozen are plenty (one per tab opened).
 */
import { userKey } from '../session/storage-keys.ts';

const KEEP = 50;

function keyOf(actorId: string, workspaceId: string): string {
  return userKey(actorId, 'clientIds', workspaceId);
}

function load(key: string): number[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((x): x is number => Number.isSafeInteger(x)) : [];
  } catch {
    return [];
  }
}

/** Records `clientId` as this person's, and returns a test for "was this written here by me?". */
export function rememberClient(
  actorId: string,
  workspaceId: string,
  clientId: number,
): (client: number) => boolean {
  const key = keyOf(actorId, workspaceId);
  const ids = load(key).filter((id) => id !== clientId);
  ids.push(clientId);
  try {
    localStorage.setItem(key, JSON.stringify(ids.slice(-KEEP)));
  } catch {
    // Storage full or off: this tab's own id is still known below.
  }
  // Read at each question (rare: a remote change of a title), so another tab's id counts too.
  return (client) => client === clientId || load(key).includes(client);
}
