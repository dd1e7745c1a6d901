import { describe, expect, it } from 'vitest';
import { countsAsLocalChange, deriveSyncState, describeSync, type SyncInputs } from './sync-status.ts';

const base: SyncInputs = {
  browserOnline: true,
  socketConnected: true,
  failedSinceConnect: false,
  providerSynced: true,
  providerUnsynced: 0,
  localPending: 0,
};

const text = (patch: Partial<SyncInputs>) => describeSync(deriveSyncState({ ...base, ...patch }));

describe('sync status', () => {
  it('is saved only when connected, synced and every update acknowledged', () => {
    expect(text({})).toBe('Saved on the server');
    expect(text({ providerUnsynced: 2 })).toBe('2 changes waiting');
    expect(text({ providerSynced: false, providerUnsynced: 1 })).toBe('1 change waiting');
  });
  it('says offline when the browser is offline or the server did not answer, with the waiting count', () => {
    expect(text({ socketConnected: false, browserOnline: false })).toBe('Offline');
    expect(text({ socketConnected: false, failedSinceConnect: true, localPending: 3 })).toBe(
      'Offline · 3 changes waiting',
    );
  });
  it('says connecting before the first attempt has failed', () => {
    expect(text({ socketConnected: false })).toBe('Connecting…');
  });
  it('counts local edits and relayed ones, not replays or server updates', () => {
    const relay = {};
    expect(countsAsLocalChange({ kind: 'user', actorId: 'a' }, relay)).toBe(true);
    expect(countsAsLocalChange(relay, relay)).toBe(true);
    expect(countsAsLocalChange({ someProvider: true }, relay)).toBe(false);
    expect(countsAsLocalChange(null, relay)).toBe(false);
  });
});
