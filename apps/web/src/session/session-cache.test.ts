import { describe, expect, it } from 'vitest';
import { parseSessionCache } from './session-cache.ts';
import { storedPendingTotal, userKey, workspaceDbName } from './storage-keys.ts';

describe('session cache', () => {
  const good = {
    user: { id: 'u1', email: 'ada@example.test', name: 'Ada' },
    workspaces: [{ id: 'default', name: 'My workspace', role: 'owner' }],
    lastWorkspaceId: 'default',
  };

  it('reads back what was saved', () => {
    expect(parseSessionCache(JSON.stringify(good))).toEqual(good);
  });

  it('treats damaged or foreign data as no session', () => {
    for (const raw of [null, '', '{', '[]', JSON.stringify({ ...good, user: null })]) {
      expect(parseSessionCache(raw)).toBeNull();
    }
    const badRole = { ...good, workspaces: [{ id: 'w', name: 'W', role: 'god' }] };
    expect(parseSessionCache(JSON.stringify(badRole))).toBeNull();
  });
});

describe('storage keys', () => {
  function storage(entries: Record<string, string>) {
    const keys = Object.keys(entries);
    return {
      length: keys.length,
      key: (i: number) => keys[i] ?? null,
      getItem: (k: string) => entries[k] ?? null,
    };
  }

  it('sums pending changes over one person’s workspaces only', () => {
    const s = storage({
      [userKey('u1', 'pending', 'a')]: '2',
      [userKey('u1', 'pending', 'b')]: '3',
      [userKey('u1', 'pending', 'c')]: 'garbage',
      [userKey('u2', 'pending', 'a')]: '7',
      [userKey('u1', 'project', 'a')]: '9',
    });
    expect(storedPendingTotal(s, 'u1')).toBe(5);
    expect(storedPendingTotal(s, 'u3')).toBe(0);
  });

  it('names a database per person and workspace', () => {
    expect(workspaceDbName('u1', 'w1')).toBe('taskflow:u1:w1');
  });
});
