import { describe, expect, it } from 'vitest';
import { rateLimitedFor } from './rate-limited.ts';

describe('the rate-limit message', () => {
  it('gives the seconds the server asked to wait', () => {
    expect(rateLimitedFor('{"type":"rate-limited","retryAfter":7}')).toBe(7);
    expect(rateLimitedFor('{"type":"rate-limited","retryAfter":0}')).toBe(0);
  });

  it('is not any other stateless message, nor a bad one', () => {
    expect(rateLimitedFor('{"type":"unread","unread":3}')).toBeUndefined();
    expect(rateLimitedFor('{"type":"rate-limited"}')).toBeUndefined();
    expect(rateLimitedFor('{"type":"rate-limited","retryAfter":-1}')).toBeUndefined();
    expect(rateLimitedFor('{"type":"rate-limited","retryAfter":99999}')).toBeUndefined();
    expect(rateLimitedFor('not json')).toBeUndefined();
  });
});
