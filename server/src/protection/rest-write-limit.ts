/**
 * The REST write limit: POST, PUT, PATCH and DELETE under /api/v1, per person (the signed-in user)
 * and per client address, answered with 429 and Retry-After (whole seconds) before the handler
 * runs, so a refused request changes nothing. Reads are not limited here: they change nothing and
 * the board reads through the sync socket, not REST.
 *
 * It runs after authentication (the route table puts it there): a request with a bad token gets
 * its 401 without being charged, and an open route (register, refresh) is charged per address only.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.ts';
import type { Charge, Limiter } from './rate-limiter.ts';

export type RestWriteLimitOptions<C extends Context> = {
  /** The signed-in user's id, or undefined on an open route. */
  personOf: (c: C) => string | undefined;
  addressOf: (c: C) => string;
};

export function restWriteLimit<C extends Context>(
  limiter: Limiter,
  options: RestWriteLimitOptions<C>,
): MiddlewareHandler {
  return async (c, next) => {
    const context = c as C;
    const person = options.personOf(context);
    const charges: Charge[] = [{ scope: 'rest-write:address', key: options.addressOf(context) }];
    if (person !== undefined) charges.unshift({ scope: 'rest-write:person', key: person });
    const answer = limiter.take(charges);
    const verdict = answer instanceof Promise ? await answer : answer;
    if (!verdict.ok) {
      const who = verdict.scope === 'rest-write:person' ? 'you have' : 'this address has';
      throw new ApiError(
        'rate_limited',
        `Too many changes: ${who} sent more than the server accepts per minute. Try again in ${verdict.retryAfterS} s; nothing was changed.`,
        undefined,
        { 'retry-after': String(verdict.retryAfterS) },
      );
    }
    await next();
  };
}
