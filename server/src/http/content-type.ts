/**
 * Routes that take a JSON body take only `application/json`. The forms a foreign page can send
 * without a CORS preflight are `text/plain`, `application/x-www-form-urlencoded` and
 * `multipart/form-data`; refusing them (415) means a cross-site form can never reach a handler,
 * whatever the body parses as (OWASP CSRF cheat sheet, content-type verification).
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.ts';
import type { ApiEnv } from './api-types.ts';

export function isJsonContentType(header: string | undefined): boolean {
  const mediaType = header?.split(';', 1)[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

export const requireJsonBody: MiddlewareHandler<ApiEnv> = async (c, next) => {
  if (!isJsonContentType(c.req.header('content-type'))) {
    throw new ApiError('unsupported_media_type', 'Send the request body as application/json.');
  }
  await next();
};
