import { describe, expect, it } from 'vitest';
import { isReadOnly } from './read-only.ts';

describe('isReadOnly', () => {
  it('follows the server once it answered, the cached role before', () => {
    expect(isReadOnly('readonly', 'owner')).toBe(true);
    expect(isReadOnly('read-write', 'viewer')).toBe(false);
    expect(isReadOnly('unknown', 'viewer')).toBe(true);
    expect(isReadOnly('unknown', 'member')).toBe(false);
    expect(isReadOnly('no-token', 'viewer')).toBe(true);
    expect(isReadOnly('unknown', undefined)).toBe(false);
  });
});
