import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TempDb, tempDb } from '../../test/automations/temp-db.ts';
import { AutomationSettingsStore, DEFAULT_AUTOMATION_SETTINGS } from './settings.ts';

let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.cleanup());

describe('automation settings', () => {
  it('S1: defaults to 24 h lead, 1 h escalation, UTC; patches are validated', () => {
    const store = new AutomationSettingsStore(t.db);
    expect(store.get('w')).toEqual({ leadMs: 86_400_000, escalateAfterMs: 3_600_000, timeZone: 'UTC' });
    expect(store.set('w', { leadMs: 2 * 3_600_000, timeZone: 'Europe/Berlin' })).toEqual({
      leadMs: 7_200_000,
      escalateAfterMs: 3_600_000,
      timeZone: 'Europe/Berlin',
    });
    expect(store.get('w').timeZone).toBe('Europe/Berlin');
    expect(() => store.set('w', { timeZone: 'Berlin' })).toThrow();
    expect(() => store.set('w', { leadMs: -1 })).toThrow();
    expect(store.get('other')).toEqual(DEFAULT_AUTOMATION_SETTINGS);
  });
});
