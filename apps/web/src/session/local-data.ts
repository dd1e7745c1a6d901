/**
 * What a person leaves on this device, and wiping it on sign-out (a shared computer must not keep
 * their boards). Databases are tracked when opened; `indexedDB.databases()` catches any missed.
 */
import { closeSnapshots } from '../snapshot/snapshot-store.ts';
import { userKey, userPrefix } from './storage-keys.ts';

const DELETE_TIMEOUT_MS = 5_000;

function trackedKey(userId: string): string {
  return userKey(userId, 'databases');
}

function tracked(userId: string): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(trackedKey(userId)) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function trackDatabase(userId: string, name: string): void {
  const names = tracked(userId);
  if (!names.includes(name)) localStorage.setItem(trackedKey(userId), JSON.stringify([...names, name]));
}

/** Resolves when deleted, or after a timeout while another tab still holds it open (it then goes on its own). */
function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, DELETE_TIMEOUT_MS);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = done;
    request.onerror = done;
  });
}

export async function deleteUserData(userId: string): Promise<void> {
  // Board snapshots (snapshot-store.ts) are in `taskflow:<userId>:~snapshots`, swept below; close
  // this tab's connection first and drop writes still waiting for an idle moment.
  await closeSnapshots(userId);
  const names = new Set(tracked(userId));
  try {
    for (const db of (await indexedDB.databases?.()) ?? []) {
      if (db.name?.startsWith(`taskflow:${userId}:`)) names.add(db.name);
    }
  } catch {
    // Some browsers lack databases(); the tracked list is the record then.
  }
  await Promise.all([...names].map(deleteDatabase));
  const prefix = userPrefix(userId);
  const keys: string[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key?.startsWith(prefix)) keys.push(key);
  }
  for (const key of keys) localStorage.removeItem(key);
}
