/**
 * Every piece of per-user data this browser keeps is named here, so signing out can find and
 * remove all of it: localStorage keys under `taskflow:user:<userId>:`, IndexedDB databases named
 * `taskflow:<userId>:<workspaceId>` (the BroadcastChannel between tabs has the same name).
 */
export const SESSION_KEY = 'taskflow:session';

export function userPrefix(userId: string): string {
  return `taskflow:user:${userId}:`;
}

export function userKey(userId: string, ...parts: string[]): string {
  return `${userPrefix(userId)}${parts.join(':')}`;
}

export function workspaceDbName(userId: string, workspaceId: string): string {
  return `taskflow:${userId}:${workspaceId}`;
}

export function pendingKey(userId: string, workspaceId: string): string {
  return userKey(userId, 'pending', workspaceId);
}

/** Changes made on this device that the server has not confirmed, summed over the user's workspaces. */
export function storedPendingTotal(
  storage: Pick<Storage, 'length' | 'key' | 'getItem'>,
  userId: string,
): number {
  const prefix = userKey(userId, 'pending', '');
  let total = 0;
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (!key?.startsWith(prefix)) continue;
    const n = Number(storage.getItem(key));
    if (Number.isFinite(n) && n > 0) total += n;
  }
  return total;
}
