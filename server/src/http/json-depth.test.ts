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

  it('answers for a 1 MB deeply nested body in milliseconds', () => {
    const body = nested(500_000);
    const started = performance.now();
    expect(nestsDeeperThan(body)).toBe(true);
    const flat = JSON.stringify({ description: 'x'.repeat(1_000_000) });
    expect(nestsDeeperThan(flat)).toBe(false);
    expect(performance.now() - started).toBeLessThan(100);
  });
});
