import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.ts';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('JSON nesting depth (issue 8)', () => {
  it('counts arrays and objects, up to and past the limit', () => {
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(nestsDeeperThan('{"a":{"b":[{"c":1}]}}', 4)).toBe(false);
    expect(nestsDeeperThan('{"a":{"b":[{"c":1}]}}', 3)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(JSON.stringify({ title: '[[[[[[', note: 'say \\"[[[[" {{{{' }), 1)).toBe(false);
    expect(nestsDeeperThan('["\\\\", [[]]]', 2)).toBe(true);
  });

  // How fast is the benchmark's business, not a timed test's: this checks the answers at 1 MB.
  it('answers for a 1 MB deeply nested body and a 1 MB flat one', () => {
    expect(nestsDeeperThan(nested(500_000))).toBe(true);
    expect(nestsDeeperThan(JSON.stringify({ description: 'x'.repeat(1_000_000) }))).toBe(false);
    expect(nestsDeeperThan(`[${'"]",'.repeat(250_000)}"x"]`)).toBe(false);
  });
});
