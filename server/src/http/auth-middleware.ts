/** The one bearer-token check for REST: a valid, unrevoked access token of an existing user. */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.ts';
import type { ApiDeps, ApiEnv } from './api-types.ts';

export function requireUser(deps: Pick<ApiDeps, 'authenticator'>): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer ([^\s]+)$/i.exec(header);
    const who = match?.[1] ? await deps.authenticator.authenticate(match[1]) : null;
    if (!who) {
      throw new ApiError(
        'unauthenticated',
        'Sign in again: the access token is missing, expired or not valid.',
        undefined,
        {
          'www-authenticate': 'Bearer',
        },
      );
    }
    c.set('auth', who);
    await next();
  };
}
