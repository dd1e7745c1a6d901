import { describe, expect, test } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';

describe('REDIS_URL (issue 16): several processes, only on PostgreSQL', () => {
  const pg = 'postgres://taskflow:secret@db.internal:5432/taskflow';

  test('unset: one process; set with DATABASE_URL: kept', () => {
    expect(parseConfig({}).redisUrl).toBeUndefined();
    expect(parseConfig({ DATABASE_URL: pg }).redisUrl).toBeUndefined();
    expect(parseConfig({ DATABASE_URL: pg, REDIS_URL: 'redis://cache.internal:6379' }).redisUrl).toBe(
      'redis://cache.internal:6379',
    );
    expect(parseConfig({ DATABASE_URL: pg, REDIS_URL: 'rediss://cache.internal:6380/2' }).redisUrl).toBe(
      'rediss://cache.internal:6380/2',
    );
  });

  test('without DATABASE_URL the server refuses to start, naming both', () => {
    expect(() => parseConfig({ REDIS_URL: 'redis://cache.internal:6379' })).toThrow(ConfigError);
    expect(() => parseConfig({ REDIS_URL: 'redis://cache.internal:6379' })).toThrow(
      /REDIS_URL: needs DATABASE_URL/,
    );
  });

  test('a URL of another scheme, or no URL, names the variable', () => {
    expect(() => parseConfig({ DATABASE_URL: pg, REDIS_URL: 'http://cache.internal' })).toThrow(
      /REDIS_URL: must be redis:\/\/ or rediss:\/\//,
    );
    expect(() => parseConfig({ DATABASE_URL: pg, REDIS_URL: 'cache.internal:6379' })).toThrow(/REDIS_URL/);
  });
});
